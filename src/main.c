/* STUB — replaced by the CLI. */
#include "../include/vanban.h"
int main(void) { return 3; }
