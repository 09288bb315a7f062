/* Signature and seal images: a PNG checked and decoded by libpng to 8-bit RGB plus alpha. */
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "sign/sign.h"

int vb_png_load(const char *path, vb_png *png, vb_diagnostics *diag)
{
    *png = (vb_png){0};
    size_t len;
    char *data = vb_read_file(path, &len, diag);
    if (!data)
        return -1;
    if (len < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        free(data);
        vb_diag_error(diag, path, 0, 0, "%s không phải ảnh PNG / not a PNG image", path);
        return -1;
    }
    /* The simplified API reduces 16-bit samples, expands palettes and gray, and reads
     * interlaced images: every PNG becomes 8-bit RGBA here, before any PDF sees it. */
    png_image image = {.version = PNG_IMAGE_VERSION};
    unsigned char *rgba = NULL;
    if (png_image_begin_read_from_memory(&image, data, len)) {
        image.format = PNG_FORMAT_RGBA;
        if (image.width && image.height && image.width <= 10000 && image.height <= 10000)
            rgba = malloc(PNG_IMAGE_SIZE(image));
        if (rgba && !png_image_finish_read(&image, NULL, rgba, 0, NULL)) {
            free(rgba);
            rgba = NULL;
        }
    }
    free(data);
    if (!rgba) {
        vb_diag_error(diag, path, 0, 0, "ảnh PNG %s hỏng hoặc quá lớn: %s / damaged PNG", path,
                      image.message[0] ? image.message : "?");
        png_image_free(&image);
        return -1;
    }
    size_t pixels = (size_t)image.width * image.height;
    png->width = image.width;
    png->height = image.height;
    png->rgb = malloc(pixels * 3);
    png->alpha = malloc(pixels);
    if (!png->rgb || !png->alpha) {
        free(rgba);
        vb_png_free(png);
        vb_diag_error(diag, path, 0, 0, "hết bộ nhớ / out of memory");
        return -1;
    }
    bool opaque = true;
    for (size_t i = 0; i < pixels; i++) {
        memcpy(png->rgb + i * 3, rgba + i * 4, 3);
        png->alpha[i] = rgba[i * 4 + 3];
        opaque = opaque && rgba[i * 4 + 3] == 255;
    }
    free(rgba);
    if (opaque) {
        free(png->alpha);
        png->alpha = NULL;
    }
    return 0;
}

void vb_png_free(vb_png *png)
{
    free(png->rgb);
    free(png->alpha);
    *png = (vb_png){0};
}
