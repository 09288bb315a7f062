/* Document types and their abbreviations, Nghị định 30/2020/NĐ-CP Phụ lục III. */
#include <string.h>

#include "model/model.h"

const vb_doc_type vb_doc_types[] = {
    {"nghi-quyet", "NGHỊ QUYẾT", "nghị quyết", "NQ", "QUYẾT NGHỊ:"},
    {"quyet-dinh", "QUYẾT ĐỊNH", "quyết định", "QĐ", "QUYẾT ĐỊNH:"},
    {"chi-thi", "CHỈ THỊ", "chỉ thị", "CT", NULL},
    {"quy-che", "QUY CHẾ", "quy chế", "QC", NULL},
    {"quy-dinh", "QUY ĐỊNH", "quy định", "QyĐ", NULL},
    {"thong-cao", "THÔNG CÁO", "thông cáo", "TC", NULL},
    {"thong-bao", "THÔNG BÁO", "thông báo", "TB", NULL},
    {"huong-dan", "HƯỚNG DẪN", "hướng dẫn", "HD", NULL},
    {"chuong-trinh", "CHƯƠNG TRÌNH", "chương trình", "CTr", NULL},
    {"ke-hoach", "KẾ HOẠCH", "kế hoạch", "KH", NULL},
    {"phuong-an", "PHƯƠNG ÁN", "phương án", "PA", NULL},
    {"de-an", "ĐỀ ÁN", "đề án", "ĐA", NULL},
    {"du-an", "DỰ ÁN", "dự án", "DA", NULL},
    {"bao-cao", "BÁO CÁO", "báo cáo", "BC", NULL},
    {"bien-ban", "BIÊN BẢN", "biên bản", "BB", NULL},
    {"to-trinh", "TỜ TRÌNH", "tờ trình", "TTr", NULL},
    {"hop-dong", "HỢP ĐỒNG", "hợp đồng", "HĐ", NULL},
    {"cong-dien", "CÔNG ĐIỆN", "công điện", "CĐ", NULL},
    {"ban-ghi-nho", "BẢN GHI NHỚ", "bản ghi nhớ", "BGN", NULL},
    {"ban-thoa-thuan", "BẢN THỎA THUẬN", "bản thỏa thuận", "BTT", NULL},
    {"giay-uy-quyen", "GIẤY ỦY QUYỀN", "giấy ủy quyền", "GUQ", NULL},
    {"giay-moi", "GIẤY MỜI", "giấy mời", "GM", NULL},
    {"giay-gioi-thieu", "GIẤY GIỚI THIỆU", "giấy giới thiệu", "GGT", NULL},
    {"giay-nghi-phep", "GIẤY NGHỈ PHÉP", "giấy nghỉ phép", "GNP", NULL},
    {"phieu-gui", "PHIẾU GỬI", "phiếu gửi", "PG", NULL},
    {"phieu-chuyen", "PHIẾU CHUYỂN", "phiếu chuyển", "PC", NULL},
    {"phieu-bao", "PHIẾU BÁO", "phiếu báo", "PB", NULL},
    /* A công văn has no type name and no abbreviation: "Số: 12/UBND-VX", "V/v …". */
    {"cong-van", NULL, "công văn", NULL, NULL},
};

const size_t vb_doc_type_count = sizeof vb_doc_types / sizeof vb_doc_types[0];

const vb_doc_type *vb_doc_type_find(const char *slug)
{
    for (size_t i = 0; i < vb_doc_type_count; i++)
        if (strcmp(vb_doc_types[i].slug, slug) == 0)
            return &vb_doc_types[i];
    return NULL;
}
