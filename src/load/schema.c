/* The content format as data: the keys of the document, nguoi_ky, trinh_bay and blocks. */
#include "load/schema.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof(a)[0])
#define IN_DOC(member) offsetof(vb_document, member)
#define IN_SIGNER(member) offsetof(vb_signer, member)
#define IN_PRES(member) offsetof(vb_presentation, member)

/* Phụ lục I, Mục II khoản 13: the Decree's three urgencies (ô 10b) and the state-secrets law's
 * three secrecy degrees (ô 10a). The code is the model's vb_urgency / vb_secrecy. */
static const vb_choice urgencies[] = {
    {"khan", "KHẨN", VB_URGENCY_KHAN},
    {"thuong-khan", "THƯỢNG KHẨN", VB_URGENCY_THUONG_KHAN},
    {"hoa-toc", "HỎA TỐC", VB_URGENCY_HOA_TOC},
};
static const vb_choice secrecies[] = {
    {"mat", "MẬT", VB_SECRECY_MAT},
    {"toi-mat", "TỐI MẬT", VB_SECRECY_TOI_MAT},
    {"tuyet-mat", "TUYỆT MẬT", VB_SECRECY_TUYET_MAT},
};

/* How the legal bases are set: a decision's italic list, or upright body paragraphs. */
static const vb_choice basis_forms[] = {
    {"nghieng", "in nghiêng, mỗi căn cứ một dòng, căn cứ cuối kết thúc bằng \".\"",
     VB_BASIS_ITALIC},
    {"doan", "chữ đứng, mỗi căn cứ một đoạn \"Căn cứ …;\"", VB_BASIS_PARAGRAPHS},
    {"gop", "chữ đứng, mọi căn cứ trong một đoạn \"Căn cứ …; …;\"", VB_BASIS_JOINED},
};

static const vb_field document_fields[] = {
    {.key = "loai", .type = VB_FIELD_DOC_TYPE, .required = true,
     .help = "loại văn bản, ví dụ bao-cao"},
    {.key = "co_quan_chu_quan", .type = VB_FIELD_LINES,
     .help = "cơ quan chủ quản, in trên tên cơ quan ban hành", .offset = IN_DOC(parent_body)},
    {.key = "co_quan", .type = VB_FIELD_LINES, .required = true,
     .help = "tên cơ quan ban hành, ví dụ [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]",
     .offset = IN_DOC(issuing_body)},
    {.key = "so", .type = VB_FIELD_INTEGER, .min = 1, .max = 9999999, .range = "từ 1 đến 9999999",
     .help = "số văn bản; bỏ trống để văn thư điền số"},
    {.key = "ky_hieu", .type = VB_FIELD_TEXT, .required = true, .part = VB_PART_NUMBER,
     .help = "ký hiệu của cơ quan ban hành, ví dụ UBND", .offset = IN_DOC(symbol)},
    {.key = "dia_danh", .type = VB_FIELD_TEXT, .required = true, .part = VB_PART_DATE,
     .help = "địa danh ghi ở dòng ngày tháng, ví dụ Bình Trung", .offset = IN_DOC(place)},
    {.key = "ngay", .type = VB_FIELD_DATE, .required = true, .part = VB_PART_DATE,
     .help = "ngày ban hành dạng NĂM-THÁNG-NGÀY, ví dụ 2023-07-14; NĂM-THÁNG (2023-07) để "
             "trống ngày, NĂM (2023) để trống cả ngày và tháng cho văn thư điền"},
    {.key = "trich_yeu", .type = VB_FIELD_TEXT, .required = true, .part = VB_PART_SUMMARY,
     .inline_marks = true, .line_breaks = true,
     .help = "trích yếu nội dung văn bản; một danh sách (hoặc xuống dòng) cho các dòng",
     .offset = IN_DOC(summary)},
    {.key = "ghi_chu", .type = VB_FIELD_TEXT, .help = "ghi chú in nghiêng dưới trích yếu",
     .offset = IN_DOC(summary_note)},
    {.key = "kinh_gui", .type = VB_FIELD_LINES, .help = "nơi được gửi văn bản (Kính gửi)",
     .offset = IN_DOC(recipients)},
    {.key = "nguoi_dien", .type = VB_FIELD_TEXT,
     .help = "chỉ với công điện: cơ quan hoặc người đứng đầu gửi điện, in hoa trước \"điện:\", "
             "ví dụ CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
     .offset = IN_DOC(cable_sender)},
    {.key = "dien_den", .type = VB_FIELD_LINES, .clerk_marks = true,
     .help = "chỉ với công điện: nơi nhận điện, mỗi nơi một dòng \"- …;\" dưới dòng \"điện:\"",
     .offset = IN_DOC(cable_recipients)},
    {.key = "tham_quyen_ban_hanh", .type = VB_FIELD_LINES,
     .help = "thẩm quyền ban hành của quyết định, nghị quyết, in hoa",
     .offset = IN_DOC(issuing_authority)},
    {.key = "can_cu", .type = VB_FIELD_LINES, .clerk_marks = true,
     .help = "các căn cứ ban hành, mỗi căn cứ một dòng", .offset = IN_DOC(legal_bases)},
    {.key = "theo_de_nghi", .type = VB_FIELD_TEXT,
     .help = "người đề nghị, in sau các căn cứ: \"Theo đề nghị của …\"",
     .offset = IN_DOC(proposal)},
    {.key = "kieu_can_cu", .type = VB_FIELD_CHOICE, .choices = basis_forms,
     .nchoices = COUNT(basis_forms),
     .help = "cách in các căn cứ: nghieng (quyết định), doan hoặc gop (kế hoạch, tờ trình)"},
    {.key = "noi_dung", .type = VB_FIELD_BLOCKS, .required = true, .inline_marks = true,
     .help = "nội dung văn bản: danh sách các đoạn và mục",
     .wanted = "một danh sách các đoạn và mục (mỗi mục mở bằng \"- \")",
     .group = &vb_schema_block},
    {.key = "chu_thich", .type = VB_FIELD_FOOTNOTES, .inline_marks = true,
     .help = "chú thích cuối trang, gọi trong văn bản bằng [^mã]",
     .wanted = "một nhóm khóa: mã chú thích và nội dung (ví dụ quy: …)"},
    /* An empty list is written on purpose: no Nơi nhận at all (not even "Lưu"). */
    {.key = "noi_nhan", .type = VB_FIELD_LINES, .required = true, .empty_list_ok = true,
     .part = VB_PART_DISTRIBUTION,
     .clerk_marks = true, .help = "danh sách nơi nhận", .offset = IN_DOC(distribution)},
    {.key = "luu", .type = VB_FIELD_TEXT, .help = "nơi lưu văn bản, mặc định VT",
     .offset = IN_DOC(archive)},
    {.key = "nguoi_ky", .type = VB_FIELD_GROUP, .required = true, .or_list = true,
     .help = "người ký: chuc_vu, ho_ten…",
     .group = &vb_schema_signer},
    {.key = "trinh_bay", .type = VB_FIELD_GROUP,
     .help = "trình bày trong khoảng Nghị định 30/2020/NĐ-CP cho phép: cỡ chữ, giãn dòng, lề…",
     .group = &vb_schema_presentation},
    {.key = "do_mat", .type = VB_FIELD_CHOICE, .choices = secrecies, .nchoices = COUNT(secrecies),
     .help = "độ mật, in trong khung dưới số văn bản (ô 10a)", .offset = IN_DOC(marks.secrecy)},
    {.key = "do_khan", .type = VB_FIELD_CHOICE, .choices = urgencies,
     .nchoices = COUNT(urgencies),
     .help = "mức độ khẩn, in trong khung dưới số văn bản (ô 10b)",
     .offset = IN_DOC(marks.urgency)},
    {.key = "du_thao", .type = VB_FIELD_DRAFT, .min = 1, .max = 99, .range = "từ 1 đến 99",
     .help = "văn bản còn là dự thảo: \"có\" in \"DỰ THẢO\"; số lần, ví dụ 2, in \"DỰ THẢO LẦN 2\"",
     .wanted = "\"có\" hoặc số lần dự thảo (ví dụ 2)", .offset = IN_DOC(marks.draft)},
    {.key = "ten_co_quan", .type = VB_FIELD_TEXT,
     .help = "tên cơ quan ban hành viết như trong câu, cho dòng \"(Kèm theo …)\" của phụ lục, "
             "ví dụ Ủy ban nhân dân tỉnh Lâm Đồng",
     .offset = IN_DOC(issuer_name)},
    {.key = "phu_luc", .type = VB_FIELD_APPENDICES, .inline_marks = true,
     .help = "các phụ lục in sau chữ ký, mỗi phụ lục một nhóm khóa (tieu_de, huong, noi_dung…)",
     .wanted = "một danh sách các phụ lục (mỗi phụ lục mở bằng \"- \" rồi tieu_de: …)",
     .group = &vb_schema_appendix},
    {.key = "ban_sao", .type = VB_FIELD_GROUP,
     .help = "in văn bản thành bản sao giấy (SAO Y, SAO LỤC, TRÍCH SAO) với khối sao riêng sau "
             "văn bản: hinh_thuc, co_quan, so, ky_hieu, dia_danh, ngay, noi_nhan, nguoi_ky",
     .group = &vb_schema_copy},
};

#define IN_COPY(member) offsetof(vb_copy, member)

static const vb_choice copy_forms[] = {
    {"sao-y", "SAO Y: sao đầy đủ, đúng nội dung bản gốc hoặc bản chính", VB_COPY_SAO_Y},
    {"sao-luc", "SAO LỤC: sao lại từ một bản sao y", VB_COPY_SAO_LUC},
    {"trich-sao", "TRÍCH SAO: sao một phần nội dung", VB_COPY_TRICH_SAO},
};

static const vb_field copy_fields[] = {
    {.key = "hinh_thuc", .type = VB_FIELD_CHOICE, .required = true, .choices = copy_forms,
     .nchoices = COUNT(copy_forms), .help = "hình thức sao: sao-y, sao-luc hoặc trich-sao"},
    {.key = "co_quan_chu_quan", .type = VB_FIELD_LINES,
     .help = "cơ quan chủ quản của cơ quan sao", .offset = IN_COPY(parent_body)},
    {.key = "co_quan", .type = VB_FIELD_LINES, .required = true,
     .help = "tên cơ quan sao văn bản, ví dụ [VĂN PHÒNG, ỦY BAN NHÂN DÂN TỈNH]",
     .offset = IN_COPY(issuing_body)},
    {.key = "so", .type = VB_FIELD_INTEGER, .min = 1, .max = 9999999, .range = "từ 1 đến 9999999",
     .help = "số bản sao; bỏ trống để văn thư điền số"},
    {.key = "ky_hieu", .type = VB_FIELD_TEXT, .required = true,
     .help = "ký hiệu của cơ quan sao, ví dụ UBND (in \"Số: 15/SY-UBND\")",
     .offset = IN_COPY(symbol)},
    {.key = "dia_danh", .type = VB_FIELD_TEXT, .required = true,
     .help = "địa danh ghi ở dòng ngày sao", .offset = IN_COPY(place)},
    {.key = "ngay", .type = VB_FIELD_DATE, .required = true,
     .help = "ngày sao dạng NĂM-THÁNG-NGÀY, ví dụ 2024-03-05"},
    {.key = "noi_nhan", .type = VB_FIELD_LINES, .required = true, .empty_list_ok = true,
     .clerk_marks = true, .help = "nơi nhận bản sao", .offset = IN_COPY(distribution)},
    {.key = "luu", .type = VB_FIELD_TEXT, .help = "nơi lưu bản sao, mặc định VT",
     .offset = IN_COPY(archive)},
    {.key = "nguoi_ky", .type = VB_FIELD_GROUP, .required = true,
     .help = "người ký bản sao: chuc_vu, ho_ten…", .group = &vb_schema_signer},
};

static const vb_choice authorities[] = {
    {"TM", "thay mặt", 0}, {"KT", "ký thay", 0},           {"Q", "quyền", 0},
    {"TL", "thừa lệnh", 0}, {"TUQ", "thừa ủy quyền", 0},
};

static const vb_choice signer_sides[] = {
    {"trai", "cột bên trái", VB_SIDE_LEFT},
    {"phai", "cột bên phải", VB_SIDE_RIGHT},
};

static const vb_field signer_fields[] = {
    {.key = "tham_quyen", .type = VB_FIELD_CHOICE, .choices = authorities,
     .nchoices = COUNT(authorities), .or_list = true,
     .help = "thẩm quyền ký, in trước dòng thay_mat; bỏ khi người đứng đầu ký trực tiếp; hoặc "
             "các dòng thẩm quyền viết đủ, ví dụ [TL. CHỦ TỊCH, KT. CHÁNH VĂN PHÒNG]",
     .offset = IN_SIGNER(capacity)},
    {.key = "thay_mat", .type = VB_FIELD_LINES, .required_with = "tham_quyen",
     .help = "bắt buộc khi có tham_quyen: dòng in sau tiền tố, ví dụ \"ỦY BAN NHÂN DÂN\" trong "
             "\"TM. ỦY BAN NHÂN DÂN\"",
     .offset = IN_SIGNER(on_behalf)},
    {.key = "ky_thay", .type = VB_FIELD_TEXT,
     .help = "cùng tham_quyen TM, TL hoặc TUQ: dòng \"KT. …\" khi cấp phó ký thay, ví dụ "
             "CHỦ TỊCH trong \"TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH\"",
     .offset = IN_SIGNER(deputy_for)},
    {.key = "chuc_vu", .type = VB_FIELD_LINES, .required = true,
     .help = "chức vụ người ký, ví dụ CHỦ TỊCH",
     .offset = IN_SIGNER(position)},
    {.key = "ho_ten", .type = VB_FIELD_LINES, .required = true,
     .help = "họ và tên người ký", .offset = IN_SIGNER(name)},
    {.key = "chuc_vu_duoi_ten", .type = VB_FIELD_LINES,
     .help = "chức vụ in dưới họ tên, đúng như viết, ví dụ PHÓ GIÁM ĐỐC SỞ NỘI VỤ",
     .offset = IN_SIGNER(position_below)},
    {.key = "vi_tri", .type = VB_FIELD_CHOICE, .choices = signer_sides,
     .nchoices = COUNT(signer_sides),
     .help = "khi có nhiều người ký: khối chữ ký ở cột trái hay phải của hàng", .offset = 0},
};

static const vb_choice part_numberings[] = {
    {"phan-thu", "PHẦN THỨ NHẤT", VB_NUMBERING_PHAN_THU},
    {"la-ma", "Phần I", VB_NUMBERING_ROMAN},
};

#define MEASURE(name, meaning, lo, hi, dflt, decree, member)                                      \
    {.key = name, .type = VB_FIELD_MEASURE, .help = meaning, .wanted = "một số", .min = lo,     \
     .max = hi, .fallback = dflt, .range = decree, .offset = IN_PRES(member)}

static const vb_field presentation_fields[] = {
    MEASURE("co_chu", "cỡ chữ phần nội dung", 13, 14, 14, "từ 13 đến 14 pt", font_size),
    MEASURE("gian_dong", "giãn dòng", 1.0, 1.5, 1.1, "từ dòng đơn (1,0) đến 1,5 dòng",
            line_spacing),
    MEASURE("gian_doan", "khoảng cách giữa các đoạn văn", 6, 12, 6, "từ 6 đến 12 pt",
            para_spacing),
    MEASURE("thut_dau_dong", "thụt đầu dòng", 10, 12.7, 12.7,
            "từ 10 đến 12,7 mm (1 cm hoặc 1,27 cm)", indent_mm),
    MEASURE("le_tren", "lề trên", 20, 25, 20, "từ 20 đến 25 mm", margin_top),
    MEASURE("le_duoi", "lề dưới", 20, 25, 20, "từ 20 đến 25 mm", margin_bottom),
    MEASURE("le_trai", "lề trái", 30, 35, 30, "từ 30 đến 35 mm", margin_left),
    MEASURE("le_phai", "lề phải", 15, 20, 20, "từ 15 đến 20 mm", margin_right),
    {.key = "danh_so_phan", .type = VB_FIELD_CHOICE, .choices = part_numberings,
     .nchoices = COUNT(part_numberings), .help = "cách đánh số phần",
     .offset = IN_PRES(numbering)},
    {.key = "phong_chu", .type = VB_FIELD_FOLDER,
     .help = "thư mục phông chữ, tính từ thư mục của tệp nội dung"},
};

#define LEVEL(name, meaning, node, rule)                                                           \
    {.key = name, .type = VB_FIELD_LEVEL, .help = meaning, .kind = node, .heading = rule}

static const vb_choice block_forms[] = {
    {"tieu-de", "dòng tiêu đề", 1},
    {"doan", "đoạn văn có đánh số", 0},
};

static const vb_choice number_styles[] = {
    {"dam", "đậm", VB_STYLE_BOLD},
    {"nghieng", "nghiêng", VB_STYLE_ITALIC},
    {"dam-nghieng", "đậm nghiêng", VB_STYLE_BOLD_ITALIC},
    {"thuong", "chữ thường, đứng", VB_STYLE_REGULAR},
};

static const vb_field block_fields[] = {
    LEVEL("phan", "tên phần", VB_NODE_PART, VB_HEADING_ALWAYS),
    LEVEL("chuong", "tên chương", VB_NODE_CHAPTER, VB_HEADING_ALWAYS),
    LEVEL("muc", "tên mục", VB_NODE_SECTION, VB_HEADING_ALWAYS),
    LEVEL("dieu", "tên điều, hoặc nội dung điều khi dang: doan", VB_NODE_ARTICLE,
          VB_HEADING_BY_DEFAULT),
    LEVEL("khoan", "khoản: 1., 2., …", VB_NODE_ITEM, VB_HEADING_WITH_CHILDREN),
    LEVEL("tieu_khoan", "tiểu khoản: 1.1., 1.2., …", VB_NODE_SUBITEM, VB_HEADING_WITH_CHILDREN),
    LEVEL("diem", "điểm: a), b), …", VB_NODE_POINT, VB_HEADING_WITH_CHILDREN),
    LEVEL("gach", "ý gạch đầu dòng \"-\"", VB_NODE_DASH, VB_HEADING_WITH_CHILDREN),
    LEVEL("cong", "ý có dấu \"+\"", VB_NODE_PLUS, VB_HEADING_WITH_CHILDREN),
    LEVEL("giua", "đoạn văn căn giữa, không thụt đầu dòng, ví dụ \"*(Phân công … đính kèm)*\"",
          VB_NODE_PARAGRAPH, VB_HEADING_WITH_CHILDREN),
    {.key = "noi_dung", .type = VB_FIELD_BLOCKS, .help = "các khối nằm dưới khối này",
     .wanted = "một danh sách các khối (mỗi khối mở bằng \"- \")", .group = &vb_schema_block},
    {.key = "dang", .type = VB_FIELD_CHOICE, .choices = block_forms,
     .nchoices = COUNT(block_forms), .help = "khối là dòng tiêu đề hay đoạn văn có đánh số"},
    {.key = "kieu_so", .type = VB_FIELD_CHOICE, .choices = number_styles,
     .nchoices = COUNT(number_styles),
     .help = "kiểu chữ của số hoặc dấu đầu dòng; mặc định theo chữ đậm, nghiêng mở đầu khối"},
    {.key = "bang", .type = VB_FIELD_TABLE, .inline_marks = true,
     .help = "một bảng: cot, dau, dong (khối riêng, không cùng khóa cấp)",
     .group = &vb_schema_table},
};

/* ---- bang (load/table.c reads them) ---- */

#define IN_TABLE(member) offsetof(vb_table, member)

static const vb_choice table_numberings[] = {
    {"phan-cap", "số thứ tự phân cấp 1., 2.1., 3.3.1. theo cap của dòng", VB_STT_HIERARCHICAL},
    {"nhom", "nhóm La Mã I, II; số 1, 2, … đánh lại trong mỗi nhóm", VB_STT_GROUPED},
};

static const vb_choice table_alignments[] = {
    {"trai", "căn trái", VB_ALIGN_LEFT},
    {"giua", "căn giữa", VB_ALIGN_CENTRE},
    {"phai", "căn phải", VB_ALIGN_RIGHT},
    {"deu", "căn đều hai bên", VB_ALIGN_JUSTIFY},
};

static const vb_field table_fields[] = {
    {.key = "tieu_de", .type = VB_FIELD_TEXT, .inline_marks = true,
     .help = "tên bảng, in đậm, căn giữa phía trên bảng", .offset = IN_TABLE(title)},
    {.key = "stt", .type = VB_FIELD_CHOICE, .choices = table_numberings,
     .nchoices = COUNT(table_numberings),
     .help = "cột số thứ tự do vanban đánh (cột đầu tiên của cot); bỏ trống khi không có"},
    {.key = "co_chu", .type = VB_FIELD_MEASURE, .wanted = "một số", .min = 11, .max = 14,
     .fallback = 13, .range = "từ 11 đến 14 pt",
     .help = "cỡ chữ trong bảng; mặc định 13 (thân văn bản 14) hoặc 12",
     .offset = IN_TABLE(font_size)},
    {.key = "thu_nho", .type = VB_FIELD_BOOL,
     .help = "true: được thu chữ xuống 11 pt khi các cột không vừa trang",
     .offset = IN_TABLE(may_shrink)},
    {.key = "cot", .type = VB_FIELD_COLUMNS,
     .help = "các cột, kể cả cột STT: số mm, {ti_le: N}, tu-dong, hoặc {rong: …, can: …}",
     .group = &vb_schema_table_column},
    {.key = "dau", .type = VB_FIELD_ROWS,
     .help = "các dòng đầu bảng (in đậm, căn giữa, lặp lại ở mỗi trang)",
     .group = &vb_schema_table_row},
    {.key = "dong", .type = VB_FIELD_ROWS, .required = true,
     .help = "các dòng của bảng: danh sách ô, hoặc {o: …, cap: …}, {nhom: …}, {tong: …}",
     .group = &vb_schema_table_row},
};

static const vb_field table_column_fields[] = {
    {.key = "rong", .type = VB_FIELD_MEASURE, .wanted = "một số (mm) hoặc tu-dong", .min = 1,
     .max = 400, .fallback = 30, .range = "từ 1 đến 400 mm", .help = "độ rộng cột, mm"},
    {.key = "ti_le", .type = VB_FIELD_MEASURE, .wanted = "một số", .min = 0.01, .max = 1000,
     .fallback = 1, .range = "từ 0,01 đến 1000", .help = "phần chia của cột trong chỗ các cột cố định để lại"},
    {.key = "can", .type = VB_FIELD_CHOICE, .choices = table_alignments,
     .nchoices = COUNT(table_alignments),
     .help = "căn lề các ô của cột; mặc định giữa khi mọi ô là số, trái khi không"},
};

static const vb_field table_row_fields[] = {
    {.key = "o", .type = VB_FIELD_CELLS, .help = "các ô của dòng, không có ô STT",
     .group = &vb_schema_table_cell},
    {.key = "nhom", .type = VB_FIELD_TEXT, .inline_marks = true,
     .help = "dòng nhóm: in đậm, trải hết các cột sau cột STT"},
    {.key = "tong", .type = VB_FIELD_CELLS,
     .help = "dòng tổng cộng: in đậm, ô đầu trải cả cột STT", .group = &vb_schema_table_cell},
    {.key = "cap", .type = VB_FIELD_INTEGER, .min = 1, .max = 9, .range = "từ 1 đến 9",
     .help = "cấp của dòng với stt: phan-cap (1 = 1., 2 = 1.1., 3 = 1.1.1.)"},
    {.key = "giu_nguyen", .type = VB_FIELD_BOOL,
     .help = "true: dòng không bị tách qua hai trang"},
    {.key = "to_nen", .type = VB_FIELD_BOOL, .help = "true: tô nền xám nhạt cho dòng"},
};

static const vb_field table_cell_fields[] = {
    {.key = "chu", .type = VB_FIELD_LINES, .inline_marks = true,
     .help = "chữ trong ô: một đoạn hoặc danh sách các đoạn"},
    {.key = "gop_cot", .type = VB_FIELD_INTEGER, .min = 1, .max = 64, .range = "từ 1 đến 64",
     .help = "số cột ô này chiếm"},
    {.key = "gop_dong", .type = VB_FIELD_INTEGER, .min = 1, .max = 999, .range = "từ 1 đến 999",
     .help = "số dòng ô này chiếm, tính cả dòng của nó"},
    {.key = "can", .type = VB_FIELD_CHOICE, .choices = table_alignments,
     .nchoices = COUNT(table_alignments), .help = "căn lề của riêng ô này"},
};

#define IN_APPX(member) offsetof(vb_appendix, member)

static const vb_choice orientations[] = {
    {"doc", "trang khổ A4 đứng", VB_ORIENT_PORTRAIT},
    {"ngang", "trang khổ A4 nằm ngang (cho bảng rộng)", VB_ORIENT_LANDSCAPE},
};

static const vb_choice appendix_numberings[] = {
    {"rieng", "đánh số trang riêng, từ 1", VB_APPX_PAGES_RESTART},
    {"tiep", "đánh số trang tiếp theo văn bản", VB_APPX_PAGES_CONTINUE},
};

static const vb_field appendix_fields[] = {
    {.key = "tieu_de", .type = VB_FIELD_TEXT, .required = true,
     .help = "tên phụ lục, in hoa dưới chữ PHỤ LỤC", .offset = IN_APPX(title)},
    {.key = "ten_loai", .type = VB_FIELD_TEXT,
     .help = "tên loại của văn bản kèm theo (DANH SÁCH, QUY CHẾ…), in thay chữ PHỤ LỤC; khi "
             "đó tieu_de in như đã viết và số trang tiếp theo văn bản",
     .offset = IN_APPX(type_name)},
    {.key = "quoc_hieu", .type = VB_FIELD_BOOL,
     .help = "true: văn bản kèm theo mở bằng tên cơ quan và Quốc hiệu, Tiêu ngữ như trang 1 "
             "(mẫu 1.3)"},
    {.key = "huong", .type = VB_FIELD_CHOICE, .choices = orientations,
     .nchoices = COUNT(orientations), .help = "hướng trang: doc (mặc định) hoặc ngang"},
    {.key = "so_trang", .type = VB_FIELD_CHOICE, .choices = appendix_numberings,
     .nchoices = COUNT(appendix_numberings),
     .help = "số trang: rieng (mặc định, đánh lại từ 1) hoặc tiep (tiếp theo văn bản)"},
    {.key = "kem_theo", .type = VB_FIELD_TEXT,
     .help = "viết thay cả dòng \"(Kèm theo …)\" khi cần lời khác; bỏ trống để vanban tự tạo",
     .offset = IN_APPX(attached)},
    {.key = "noi_dung", .type = VB_FIELD_BLOCKS, .required = true, .inline_marks = true,
     .help = "nội dung phụ lục: các đoạn và mục như noi_dung của văn bản",
     .wanted = "một danh sách các đoạn và mục (mỗi mục mở bằng \"- \")",
     .group = &vb_schema_block},
};

const vb_field_group vb_schema_appendix = {"phu_luc", " trong phụ lục", NULL, appendix_fields,
                                           COUNT(appendix_fields)};

const vb_field_group vb_schema_document = {"", "", NULL, document_fields,
                                           COUNT(document_fields)};
const vb_field_group vb_schema_signer = {"nguoi_ky", " trong nguoi_ky", NULL, signer_fields,
                                         COUNT(signer_fields)};
const vb_field_group vb_schema_presentation = {
    "trinh_bay", " trong trinh_bay", "một nhóm khóa (co_chu, gian_dong, le_tren, …)",
    presentation_fields, COUNT(presentation_fields)};
const vb_field_group vb_schema_block = {"noi_dung", " trong khối của noi_dung", NULL,
                                        block_fields, COUNT(block_fields)};
const vb_field_group vb_schema_copy = {"ban_sao", " trong ban_sao", NULL, copy_fields,
                                       COUNT(copy_fields)};

const vb_field_group vb_schema_table = {"bang", " trong bang", NULL, table_fields,
                                        COUNT(table_fields)};
const vb_field_group vb_schema_table_column = {
    "cot", " trong một cột của bang", "một số (mm), tu-dong, hoặc một nhóm khóa (rong, ti_le, can)",
    table_column_fields, COUNT(table_column_fields)};
const vb_field_group vb_schema_table_row = {
    "dong", " trong một dòng của bang",
    "một danh sách các ô, hoặc một nhóm khóa (o, nhom, tong, cap, giu_nguyen, to_nen)",
    table_row_fields, COUNT(table_row_fields)};
const vb_field_group vb_schema_table_cell = {
    "o", " trong một ô của bang", "một đoạn văn bản, hoặc một nhóm khóa (chu, gop_cot, gop_dong, can)",
    table_cell_fields, COUNT(table_cell_fields)};

const vb_field *vb_schema_find(const vb_field_group *group, const char *key)
{
    for (size_t i = 0; i < group->count; i++)
        if (strcmp(group->fields[i].key, key) == 0)
            return &group->fields[i];
    return NULL;
}
