/* The starter files vanban new writes: one a document type, from one template (starters.c). */
#ifndef VB_STARTERS_H
#define VB_STARTERS_H

#include <stdio.h>

#include "vanban.h"

typedef struct starter starter;

/* The starter of a document type (loai), or NULL when there is none. */
const starter *starter_find(const char *slug);
/* Writes the commented YAML of s, a starter of type, to out. */
void starter_write(FILE *out, const starter *s, const vb_document_type *type);

#endif
