/* Document types and their abbreviations, Nghị định 30/2020/NĐ-CP Phụ lục III. */
#include <string.h>

#include "model/model.h"

/* What a form may go without (Phụ lục III): a giấy mời names the meeting in its body (mẫu 1.7,
 * real-docs 06), a giấy giới thiệu (1.8), giấy nghỉ phép (1.10), giấy ủy quyền and the phiếu
 * have no trích yếu; a biên bản of a meeting may carry no number, no date line and no Nơi nhận
 * (real-docs 10). The others have every part. */
#define NO_SUMMARY VB_PART_SUMMARY
#define NO_NUMBER VB_PART_NUMBER
#define NO_DATE VB_PART_DATE
#define NO_DISTRIBUTION VB_PART_DISTRIBUTION

const vb_doc_type vb_doc_types[] = {
    {"nghi-quyet", "NGHỊ QUYẾT", "nghị quyết", "NQ", "QUYẾT NGHỊ:", 0},
    {"quyet-dinh", "QUYẾT ĐỊNH", "quyết định", "QĐ", "QUYẾT ĐỊNH:", 0},
    {"chi-thi", "CHỈ THỊ", "chỉ thị", "CT", NULL, 0},
    {"quy-che", "QUY CHẾ", "quy chế", "QC", NULL, 0},
    {"quy-dinh", "QUY ĐỊNH", "quy định", "QyĐ", NULL, 0},
    {"thong-cao", "THÔNG CÁO", "thông cáo", "TC", NULL, 0},
    {"thong-bao", "THÔNG BÁO", "thông báo", "TB", NULL, 0},
    {"huong-dan", "HƯỚNG DẪN", "hướng dẫn", "HD", NULL, 0},
    {"chuong-trinh", "CHƯƠNG TRÌNH", "chương trình", "CTr", NULL, 0},
    {"ke-hoach", "KẾ HOẠCH", "kế hoạch", "KH", NULL, 0},
    {"phuong-an", "PHƯƠNG ÁN", "phương án", "PA", NULL, 0},
    {"de-an", "ĐỀ ÁN", "đề án", "ĐA", NULL, 0},
    {"du-an", "DỰ ÁN", "dự án", "DA", NULL, 0},
    {"bao-cao", "BÁO CÁO", "báo cáo", "BC", NULL, 0},
    {"bien-ban", "BIÊN BẢN", "biên bản", "BB", NULL, NO_NUMBER | NO_DATE | NO_DISTRIBUTION},
    {"to-trinh", "TỜ TRÌNH", "tờ trình", "TTr", NULL, 0},
    {"hop-dong", "HỢP ĐỒNG", "hợp đồng", "HĐ", NULL, 0},
    {"cong-dien", "CÔNG ĐIỆN", "công điện", "CĐ", NULL, 0},
    {"ban-ghi-nho", "BẢN GHI NHỚ", "bản ghi nhớ", "BGN", NULL, 0},
    {"ban-thoa-thuan", "BẢN THỎA THUẬN", "bản thỏa thuận", "BTT", NULL, 0},
    {"giay-uy-quyen", "GIẤY ỦY QUYỀN", "giấy ủy quyền", "GUQ", NULL, NO_SUMMARY},
    {"giay-moi", "GIẤY MỜI", "giấy mời", "GM", NULL, NO_SUMMARY},
    {"giay-gioi-thieu", "GIẤY GIỚI THIỆU", "giấy giới thiệu", "GGT", NULL, NO_SUMMARY},
    {"giay-nghi-phep", "GIẤY NGHỈ PHÉP", "giấy nghỉ phép", "GNP", NULL, NO_SUMMARY},
    {"phieu-gui", "PHIẾU GỬI", "phiếu gửi", "PG", NULL, NO_SUMMARY},
    {"phieu-chuyen", "PHIẾU CHUYỂN", "phiếu chuyển", "PC", NULL, NO_SUMMARY},
    {"phieu-bao", "PHIẾU BÁO", "phiếu báo", "PB", NULL, NO_SUMMARY},
    /* A công văn has no type name and no abbreviation: "Số: 12/UBND-VX", "V/v …". */
    {"cong-van", NULL, "công văn", NULL, NULL, 0},
};

const size_t vb_doc_type_count = sizeof vb_doc_types / sizeof vb_doc_types[0];

const vb_doc_type *vb_doc_type_find(const char *slug)
{
    for (size_t i = 0; i < vb_doc_type_count; i++)
        if (strcmp(vb_doc_types[i].slug, slug) == 0)
            return &vb_doc_types[i];
    return NULL;
}
