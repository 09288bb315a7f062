/* Document types and their abbreviations, Nghị định 30/2020/NĐ-CP Phụ lục III. */
#include <string.h>

#include "model/model.h"

const vb_doc_type vb_doc_types[] = {
    {"nghi-quyet", "NGHỊ QUYẾT", "nghị quyết", "NQ"},
    {"quyet-dinh", "QUYẾT ĐỊNH", "quyết định", "QĐ"},
    {"chi-thi", "CHỈ THỊ", "chỉ thị", "CT"},
    {"quy-che", "QUY CHẾ", "quy chế", "QC"},
    {"quy-dinh", "QUY ĐỊNH", "quy định", "QyĐ"},
    {"thong-cao", "THÔNG CÁO", "thông cáo", "TC"},
    {"thong-bao", "THÔNG BÁO", "thông báo", "TB"},
    {"huong-dan", "HƯỚNG DẪN", "hướng dẫn", "HD"},
    {"chuong-trinh", "CHƯƠNG TRÌNH", "chương trình", "CTr"},
    {"ke-hoach", "KẾ HOẠCH", "kế hoạch", "KH"},
    {"phuong-an", "PHƯƠNG ÁN", "phương án", "PA"},
    {"de-an", "ĐỀ ÁN", "đề án", "ĐA"},
    {"du-an", "DỰ ÁN", "dự án", "DA"},
    {"bao-cao", "BÁO CÁO", "báo cáo", "BC"},
    {"bien-ban", "BIÊN BẢN", "biên bản", "BB"},
    {"to-trinh", "TỜ TRÌNH", "tờ trình", "TTr"},
    {"hop-dong", "HỢP ĐỒNG", "hợp đồng", "HĐ"},
    {"cong-dien", "CÔNG ĐIỆN", "công điện", "CĐ"},
    {"ban-ghi-nho", "BẢN GHI NHỚ", "bản ghi nhớ", "BGN"},
    {"ban-thoa-thuan", "BẢN THỎA THUẬN", "bản thỏa thuận", "BTT"},
    {"giay-uy-quyen", "GIẤY ỦY QUYỀN", "giấy ủy quyền", "GUQ"},
    {"giay-moi", "GIẤY MỜI", "giấy mời", "GM"},
    {"giay-gioi-thieu", "GIẤY GIỚI THIỆU", "giấy giới thiệu", "GGT"},
    {"giay-nghi-phep", "GIẤY NGHỈ PHÉP", "giấy nghỉ phép", "GNP"},
    {"phieu-gui", "PHIẾU GỬI", "phiếu gửi", "PG"},
    {"phieu-chuyen", "PHIẾU CHUYỂN", "phiếu chuyển", "PC"},
    {"phieu-bao", "PHIẾU BÁO", "phiếu báo", "PB"},
    /* A công văn has no type name and no abbreviation: "Số: 12/UBND-VX", "V/v …". */
    {"cong-van", NULL, "công văn", NULL},
};

const size_t vb_doc_type_count = sizeof vb_doc_types / sizeof vb_doc_types[0];

const vb_doc_type *vb_doc_type_find(const char *slug)
{
    for (size_t i = 0; i < vb_doc_type_count; i++)
        if (strcmp(vb_doc_types[i].slug, slug) == 0)
            return &vb_doc_types[i];
    return NULL;
}
