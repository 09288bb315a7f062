/* vanban schema: the content format's JSON Schema on stdout, for editors and CI. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int run_schema(int argc, char **argv)
{
    if (argc > 0)
        return usage_error("schema không nhận tham số: %s / schema takes no arguments", argv[0]);
    const char *schema = vb_content_schema_json();
    if (!schema)
        return out_of_memory();
    size_t len = strlen(schema);
    if (fwrite(schema, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "vanban: không ghi được stdout: %s / cannot write stdout\n",
                strerror(errno));
        return VB_ERR_IO;
    }
    return VB_OK;
}
