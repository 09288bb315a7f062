/* vanban new: the list of document types, or a commented starter file for one of them. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "starters.h"

typedef struct {
    bool list, force;
    const char *type;
    const char *output; /* NULL or "-": stdout */
} new_args;

static int parse_new_args(int argc, char **argv, new_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--list") == 0 || strcmp(arg, "-l") == 0) {
            a->list = true;
        } else if (strcmp(arg, "--force") == 0 || strcmp(arg, "-f") == 0) {
            a->force = true;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (i + 1 >= argc || !*argv[i + 1])
                return usage_error("%s cần tên tệp .yaml / %s needs a file name", arg, arg);
            a->output = argv[++i];
        } else if (strncmp(arg, "--output=", 9) == 0 || (strncmp(arg, "-o", 2) == 0 && arg[2])) {
            a->output = arg + (arg[1] == 'o' ? 2 : 9);
        } else if (arg[0] == '-' && arg[1]) {
            return usage_error("tùy chọn không hợp lệ với new: %s / unknown option", arg);
        } else if (a->type) {
            return usage_error("new nhận một loại văn bản, thừa %s / new takes one type", arg);
        } else {
            a->type = arg;
        }
    }
    if (!a->list && !a->type)
        return usage_error("thiếu loại văn bản, ví dụ: vanban new ke-hoach; xem vanban new "
                           "--list / missing the document type");
    if (a->list && (a->type || a->output))
        return usage_error("new --list không nhận loại văn bản hay -o / --list takes nothing");
    return -1;
}

static int list_types(void)
{
    vb_document_type t;
    for (size_t i = 0; vb_document_type_get(i, &t) == 0; i++)
        printf("%-16s %s\n", t.slug, t.name);
    return fflush(stdout) == 0 ? VB_OK : VB_ERR_IO;
}

static int find_type(const char *slug, vb_document_type *out)
{
    for (size_t i = 0; vb_document_type_get(i, out) == 0; i++)
        if (strcmp(out->slug, slug) == 0)
            return 0;
    return -1;
}

/* Writes the whole text or says why not; a file that exists is kept unless force. */
static int write_text(const char *path, const char *text, size_t len, bool force)
{
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL);
    int fd = open(path, flags, 0666);
    if (fd < 0 && errno == EEXIST) {
        fprintf(stderr, "vanban: %s đã có, không ghi đè (dùng --force để ghi đè) / %s exists, "
                        "not overwritten (use --force)\n",
                path, path);
        return VB_ERR_IO;
    }
    size_t done = 0;
    while (fd >= 0 && done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && done == len)
        saved = errno, done = 0;
    if (fd < 0 || done < len) {
        fprintf(stderr, "vanban: không ghi được %s: %s / cannot write\n", path, strerror(saved));
        return VB_ERR_IO;
    }
    return VB_OK;
}

static int write_starter(const new_args *a, const vb_document_type *type, const starter *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return out_of_memory();
    starter_write(mem, s, type);
    bool failed = ferror(mem) != 0; /* a write that found no memory */
    if (fclose(mem) != 0 || failed || !text) {
        free(text);
        return out_of_memory();
    }
    int status;
    if (!a->output || strcmp(a->output, "-") == 0) {
        status = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? VB_OK : VB_ERR_IO;
        if (status != VB_OK)
            fprintf(stderr, "vanban: không ghi được stdout / cannot write stdout\n");
    } else {
        status = write_text(a->output, text, len, a->force);
        if (status == VB_OK)
            fprintf(stderr, "vanban: đã ghi %s (%s); sửa rồi: vanban render %s -o TỆP.pdf\n",
                    a->output, type->name, a->output);
    }
    free(text);
    return status;
}

int run_new(int argc, char **argv)
{
    new_args a = {0};
    int status = parse_new_args(argc, argv, &a);
    if (status >= 0)
        return status;
    if (a.list)
        return list_types();
    vb_document_type type;
    if (find_type(a.type, &type) != 0)
        return usage_error("loại văn bản \"%s\" không có; xem vanban new --list / unknown "
                           "document type",
                           a.type);
    const starter *s = starter_find(type.slug);
    if (!s) {
        fprintf(stderr, "vanban: chưa có mẫu cho %s / no starter for this type\n", type.slug);
        return VB_ERR_IO;
    }
    return write_starter(&a, &type, s);
}
