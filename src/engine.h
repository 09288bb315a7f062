/* What the library's other parts may know of an engine (api.c): the fonts it renders with. */
#ifndef VB_ENGINE_H
#define VB_ENGINE_H
#include "fonts/fonts.h"
#include "vanban.h"

/* The engine's default family: the fonts documents without phong_chu are rendered with. */
const vb_fontset *vb_engine_fontset(const vb_engine *eng);

#endif
