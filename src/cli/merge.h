/* The mail merge's parts: the rows of a CSV file (csv.c) and the template they fill (merge.c). */
#ifndef VB_CLI_MERGE_H
#define VB_CLI_MERGE_H

#include <stdbool.h>
#include <stddef.h>

/* One record of the CSV file. */
typedef struct {
    int line;     /* where the record starts, 1-based */
    char **cells; /* UTF-8, CRLF inside a quoted cell made LF */
    size_t count;
    char *error;  /* a malformed record: "LINE[:COL]: why", malloc'd; NULL when sound */
} csv_row;

typedef struct {
    const char *path;
    csv_row header;
    csv_row *rows; /* the data records; records whose cells are all empty are left out */
    size_t nrows;
} csv_table;

/* Reads path as RFC 4180 CSV (UTF-8 with or without BOM, CRLF or LF, ',' ';' or tab between
 * cells, taken from the header line). A malformed record is kept with its error, so that the
 * others still render. Returns -1, or an exit status after saying why on stderr. */
int csv_table_read(const char *path, csv_table *table);
void csv_table_free(csv_table *table);
/* The index of the header's column named name, or -1. */
long csv_column(const csv_table *table, const char *name);

#endif
