/* libyaml's positions and problems, turned into the loader's positions and clerk's messages. */
#ifndef VB_YAML_MESSAGES_H
#define VB_YAML_MESSAGES_H
#include <limits.h>
#include <yaml.h>

#include "load/loader.h"

/* libyaml counts from 0; a clerk's editor from 1. */
static inline vb_pos mark_pos(yaml_mark_t m)
{
    vb_pos p;
    p.line = m.line < (size_t)INT_MAX ? (int)m.line + 1 : INT_MAX;
    p.col = m.column < (size_t)INT_MAX ? (int)m.column + 1 : INT_MAX;
    return p;
}

/* Reports why libyaml stopped, in Vietnamese, at the most useful position. */
void vb_report_syntax_error(loader *L, const yaml_parser_t *p);

#endif
