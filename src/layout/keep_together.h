/* The typographic ties of Vietnamese text that a space does not show: where a line may not
 * break although the clerk typed an ordinary space. */
#ifndef VB_KEEP_TOGETHER_H
#define VB_KEEP_TOGETHER_H
#include <stdbool.h>
#include <stddef.h>

#include "layout/typeset.h"

/* True when the line may not break after words[i] (of n): on either side of a lone dash ("kinh
 * tế - xã hội" never puts "- xã hội" at a line's start; "2021 - 2030", "(2025 – 2030)" stay
 * whole), after an opening bracket's first word ("(2025", "(qua"), and between "Km" and its
 * number ("Km 3+450"). */
bool vb_keep_together(const vb_word *words, size_t n, size_t i);

/* A chain of ties wider than limit ("A - B - C - …" over a whole line) cannot hold: its ties
 * after a dash are released (penalty 0), then, where that is not enough, all of its ties. A
 * footnote call's tie to its word is kept. Reads and sets words[i].box.penalty. */
void vb_release_long_ties(vb_word *words, size_t n, double limit);

#endif
