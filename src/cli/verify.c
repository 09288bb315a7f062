/* vanban verify: every signature of a PDF checked, one line each. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int run_verify(int argc, char **argv)
{
    const char *input = NULL, *ca = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--ca") == 0 && i + 1 < argc)
            ca = argv[++i];
        else if (argv[i][0] == '-' || input)
            return usage_error("verify TỆP.pdf [--ca CA.pem]: không hiểu %s", argv[i]);
        else
            input = argv[i];
    }
    if (!input)
        return usage_error("verify cần một tệp PDF / verify needs a PDF");
    vb_diagnostics *diag = vb_diagnostics_new();
    if (!diag)
        return out_of_memory();
    char *report = NULL;
    int status = (int)vb_verify_file(input, ca, &report, diag);
    if (report)
        fputs(report, stdout);
    vb_free(report);
    print_diagnostics(diag);
    vb_diagnostics_free(diag);
    return status;
}
