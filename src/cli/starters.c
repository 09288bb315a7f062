/* Starter content for each document type: one commented template, each type's own parts. */
#include "starters.h"

#include <stdbool.h>
#include <string.h>

/* Who issues and signs: the People's Committee, or for a nghị quyết its People's Council. */
typedef enum { ISSUER_COMMITTEE, ISSUER_COUNCIL } starter_issuer;

struct starter {
    const char *slug;
    const char *form;     /* the Phụ lục III form it follows */
    const char *summary;  /* trich_yeu */
    const char *preamble; /* the keys between trich_yeu and noi_dung, or NULL */
    const char *body;     /* the items of noi_dung, two spaces in */
    const char *recipients;
    starter_issuer issuer;
};

#define DECISION_PREAMBLE                                                                         \
    "# Thẩm quyền ban hành, in hoa dưới trích yếu.\n"                                            \
    "tham_quyen_ban_hanh: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH TRUNG\n"                               \
    "# Căn cứ ban hành, mỗi căn cứ một dòng; vanban tự thêm \"Căn cứ\" và dấu \";\".\n"           \
    "can_cu:\n"                                                                                   \
    "  - >-\n"                                                                                    \
    "    Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung\n"   \
    "    một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày\n"    \
    "    22 tháng 11 năm 2019\n"                                                                  \
    "# Đơn vị đề nghị, in \"Theo đề nghị của ….\"\n"

/* A recipient on the Kính gửi line; Nơi nhận then opens with "- Như trên;". */
#define TO_DISTRICT                                                                               \
    "# Nơi được gửi văn bản, in ở dòng \"Kính gửi:\".\nkinh_gui: Ủy ban nhân dân huyện Cao Lộc\n"
#define TO_VILLAGES                                                                               \
    "# Nơi được gửi văn bản, in ở dòng \"Kính gửi:\", mỗi nơi một dòng.\n"                       \
    "kinh_gui:\n  - Các ban, ngành, đoàn thể xã\n  - Trưởng các thôn trên địa bàn xã\n"

/* A công điện has no Kính gửi: who cables ("… điện:") and to whom (mẫu 1.6). */
#define CABLE_FROM_TO                                                                             \
    "# Người gửi điện, in hoa trước \"điện:\"; nơi nhận điện, mỗi nơi một dòng \"- …;\".\n"       \
    "nguoi_dien: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH TRUNG\n"                                        \
    "dien_den:\n  - Trưởng các thôn trên địa bàn xã\n  - Công an xã, Ban Chỉ huy quân sự xã\n"

#define RECIPIENTS_UP                                                                             \
    "  - UBND huyện Cao Lộc (b/c)\n  - TT Đảng ủy, HĐND xã\n  - CT, các PCT UBND xã\n"
#define RECIPIENTS_DOWN "  - TT Đảng ủy, HĐND xã\n  - Các ban, ngành, đoàn thể xã\n  - Các thôn\n"

static const starter starters[] = {
    {"nghi-quyet", "1.1", "Về việc thông qua kế hoạch đầu tư công trung hạn xã Bình Trung năm 2025",
     "# Thẩm quyền ban hành, in hoa dưới trích yếu, mỗi phần tử một dòng.\n"
     "tham_quyen_ban_hanh:\n  - HỘI ĐỒNG NHÂN DÂN XÃ BÌNH TRUNG\n"
     "  - KHÓA XXI, KỲ HỌP THỨ MƯỜI HAI\n"
     "# Căn cứ ban hành, mỗi căn cứ một dòng; vanban tự thêm \"Căn cứ\" và dấu \";\".\n"
     "can_cu:\n  - Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015\n"
     "  - Luật Đầu tư công ngày 13 tháng 6 năm 2019\n"
     "# Đơn vị đề nghị, in \"Theo đề nghị của ….\"\n"
     "theo_de_nghi: Ủy ban nhân dân xã tại Tờ trình số 15/TTr-UBND ngày 02 tháng 3 năm 2025\n",
     "  - dieu: >-\n"
     "      Thông qua kế hoạch đầu tư công xã Bình Trung năm 2025 với tổng mức vốn 4.250 triệu\n"
     "      đồng cho 03 công trình giao thông nông thôn và 01 công trình nhà văn hóa thôn Khuổi\n"
     "      Mạ.\n"
     "    dang: doan\n"
     "  - dieu: >-\n"
     "      Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết; Thường trực Hội đồng nhân dân,\n"
     "      các Ban và đại biểu Hội đồng nhân dân xã giám sát việc thực hiện Nghị quyết này.\n"
     "    dang: doan\n",
     "  - Thường trực HĐND huyện (b/c)\n  - UBND huyện Cao Lộc\n  - Đại biểu HĐND xã\n",
     ISSUER_COUNCIL},
    {"quyet-dinh", "1.2",
     "Về việc thành lập Tổ công tác phòng, chống thiên tai xã Bình Trung năm 2025",
     DECISION_PREAMBLE "theo_de_nghi: công chức Văn phòng - Thống kê xã\n",
     "  # Quyết định cá biệt: mỗi điều là một đoạn (dang: doan), \"Điều 1.\" in đậm.\n"
     "  - dieu: >-\n"
     "      Thành lập Tổ công tác phòng, chống thiên tai xã Bình Trung năm 2025 gồm các ông\n"
     "      (bà):\n"
     "    dang: doan\n"
     "    noi_dung:\n"
     "      - khoan: Ông Hoàng Văn Thắng, Phó Chủ tịch Ủy ban nhân dân xã - Tổ trưởng;\n"
     "      - khoan: Bà Lành Thị Hoa, công chức Văn phòng - Thống kê - Thành viên.\n"
     "  - dieu: >-\n"
     "      Tổ công tác có nhiệm vụ kiểm tra các điểm có nguy cơ sạt lở, lũ quét trên địa bàn\n"
     "      xã, hướng dẫn nhân dân di dời tài sản đến nơi an toàn và báo cáo kịp thời Chủ tịch\n"
     "      Ủy ban nhân dân xã khi có thiên tai xảy ra.\n"
     "    dang: doan\n"
     "  - dieu: >-\n"
     "      Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và Ủy ban nhân\n"
     "      dân xã, các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.\n"
     "    dang: doan\n",
     "  - Như Điều 3\n  - UBND huyện Cao Lộc (b/c)\n  - CT, các PCT UBND xã\n", ISSUER_COMMITTEE},
    {"chi-thi", "1.4", "Về việc tăng cường công tác phòng cháy, chữa cháy rừng mùa khô năm 2025",
     NULL,
     "  - >-\n"
     "    Mùa khô năm 2025 dự báo nắng nóng kéo dài, nguy cơ cháy rừng trên địa bàn xã ở mức\n"
     "    cao. Để chủ động phòng ngừa, Chủ tịch Ủy ban nhân dân xã chỉ thị:\n"
     "  - khoan: >-\n"
     "      Trưởng các thôn tổ chức tuyên truyền đến từng hộ gia đình không đốt nương, đốt thực\n"
     "      bì trong những ngày nắng nóng; lập danh sách hộ nhận khoán bảo vệ rừng.\n"
     "  - khoan: >-\n"
     "      Công an xã phối hợp Kiểm lâm địa bàn tuần tra các khu rừng trọng điểm, xử lý nghiêm\n"
     "      các trường hợp vi phạm quy định về phòng cháy, chữa cháy rừng.\n",
     RECIPIENTS_DOWN, ISSUER_COMMITTEE},
    {"quy-che", "1.4", "Quy chế làm việc của Ủy ban nhân dân xã Bình Trung nhiệm kỳ 2021 - 2026",
     NULL,
     "  - chuong: Quy định chung\n"
     "    noi_dung:\n"
     "      - dieu: Phạm vi điều chỉnh\n"
     "        noi_dung:\n"
     "          - >-\n"
     "            Quy chế này quy định nguyên tắc, chế độ trách nhiệm, lề lối làm việc và quan\n"
     "            hệ công tác của Ủy ban nhân dân xã, Chủ tịch, các Phó Chủ tịch và công chức\n"
     "            xã.\n"
     "      - dieu: Nguyên tắc làm việc\n"
     "        noi_dung:\n"
     "          - >-\n"
     "            Ủy ban nhân dân xã làm việc theo chế độ tập thể kết hợp với trách nhiệm cá\n"
     "            nhân; mỗi việc chỉ giao một người phụ trách và chịu trách nhiệm chính.\n",
     RECIPIENTS_UP, ISSUER_COMMITTEE},
    {"quy-dinh", "1.4", "Quy định về tiếp công dân tại trụ sở Ủy ban nhân dân xã Bình Trung", NULL,
     "  - dieu: Thời gian tiếp công dân\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Chủ tịch Ủy ban nhân dân xã tiếp công dân định kỳ vào ngày thứ Năm của tuần thứ\n"
     "        hai và tuần thứ tư hằng tháng tại phòng tiếp công dân của xã.\n"
     "  - dieu: Trách nhiệm của công chức tiếp công dân\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Ghi chép đầy đủ nội dung vào sổ tiếp công dân, hướng dẫn công dân thực hiện đúng\n"
     "        quy định và chuyển đơn đến người có thẩm quyền giải quyết.\n",
     RECIPIENTS_DOWN, ISSUER_COMMITTEE},
    {"thong-cao", "1.4", "Kết quả kỳ họp thứ mười hai Hội đồng nhân dân xã Bình Trung khóa XXI",
     NULL,
     "  - >-\n"
     "    Ngày 05 tháng 3 năm 2025, Hội đồng nhân dân xã Bình Trung khóa XXI đã tổ chức kỳ họp\n"
     "    thứ mười hai tại hội trường Ủy ban nhân dân xã với sự tham dự của 24/25 đại biểu.\n"
     "  - >-\n"
     "    Kỳ họp đã thông qua 03 nghị quyết về kế hoạch đầu tư công, dự toán ngân sách và chương\n"
     "    trình giám sát năm 2025 của Hội đồng nhân dân xã.\n",
     RECIPIENTS_DOWN, ISSUER_COMMITTEE},
    {"thong-bao", "1.4", "Lịch tiếp nhận hồ sơ cấp giấy chứng nhận quyền sử dụng đất tại các thôn",
     NULL,
     "  - >-\n"
     "    Ủy ban nhân dân xã thông báo lịch tiếp nhận hồ sơ cấp giấy chứng nhận quyền sử dụng\n"
     "    đất tại nhà văn hóa các thôn từ ngày 17 tháng 3 đến ngày 28 tháng 3 năm 2025, như sau:\n"
     "  - gach: \"Thôn Khuổi Mạ, thôn Nà Riêng: ngày 17 và 18 tháng 3 năm 2025;\"\n"
     "  - gach: \"Thôn Bản Cầu, thôn Pò Mần: ngày 19 và 20 tháng 3 năm 2025.\"\n"
     "  - >-\n"
     "    Đề nghị Trưởng các thôn thông báo rộng rãi để nhân dân biết, chuẩn bị giấy tờ và đến\n"
     "    nộp hồ sơ đúng lịch.\n"
     "  - >-\n"
     "    Trường hợp hộ gia đình, cá nhân chưa nộp được hồ sơ theo lịch của thôn mình thì nộp\n"
     "    trực tiếp tại bộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân xã trong giờ hành\n"
     "    chính các ngày làm việc; mọi vướng mắc liên hệ công chức địa chính xã để được hướng\n"
     "    dẫn.\n",
     RECIPIENTS_DOWN, ISSUER_COMMITTEE},
    {"huong-dan", "1.4", "Hướng dẫn kê khai đăng ký đất đai lần đầu trên địa bàn xã", NULL,
     "  - muc: Hồ sơ kê khai\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Hồ sơ gồm đơn đăng ký theo mẫu, bản sao giấy tờ về quyền sử dụng đất (nếu có) và\n"
     "        sơ đồ thửa đất do cán bộ địa chính xã đo vẽ.\n"
     "  - muc: Trình tự thực hiện\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Người sử dụng đất nộp hồ sơ tại nhà văn hóa thôn; công chức địa chính kiểm tra,\n"
     "        xác nhận hiện trạng và niêm yết công khai kết quả trong thời hạn 15 ngày.\n",
     RECIPIENTS_DOWN, ISSUER_COMMITTEE},
    {"chuong-trinh", "1.4", "Chương trình công tác trọng tâm năm 2025 của Ủy ban nhân dân xã", NULL,
     "  - muc: Mục tiêu\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Phấn đấu thu ngân sách trên địa bàn đạt 100% dự toán huyện giao; tỷ lệ hộ nghèo\n"
     "        giảm từ 3% trở lên; giữ vững quốc phòng, an ninh trên địa bàn xã.\n"
     "  - muc: Nhiệm vụ trọng tâm\n"
     "    noi_dung:\n"
     "      - khoan: >-\n"
     "          Hoàn thành cứng hóa 2,5 km đường giao thông nông thôn tuyến Khuổi Mạ - Nà Riêng.\n"
     "      - khoan: >-\n"
     "          Hoàn thành đăng ký đất đai lần đầu cho các thửa đất chưa đăng ký trên địa bàn\n"
     "          xã.\n"
     "  - muc: Tổ chức thực hiện\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Các công chức, các ban, ngành, đoàn thể xã căn cứ Chương trình này xây dựng kế\n"
     "        hoạch thực hiện của đơn vị mình, phân công rõ người, rõ việc, rõ thời hạn hoàn\n"
     "        thành; định kỳ hằng quý báo cáo kết quả về Văn phòng Ủy ban nhân dân xã để tổng\n"
     "        hợp.\n",
     RECIPIENTS_UP, ISSUER_COMMITTEE},
    {"ke-hoach", "1.4", "Triển khai Tháng hành động vì an toàn thực phẩm năm 2025", NULL,
     "  - muc: Mục đích, yêu cầu\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Nâng cao nhận thức của người sản xuất, kinh doanh và người tiêu dùng về an toàn\n"
     "        thực phẩm; phòng ngừa ngộ độc thực phẩm trên địa bàn xã.\n"
     "  - muc: Nội dung thực hiện\n"
     "    noi_dung:\n"
     "      - khoan: >-\n"
     "          Tuyên truyền trên hệ thống loa truyền thanh xã mỗi tuần hai lần trong tháng hành\n"
     "          động.\n"
     "      - khoan: >-\n"
     "          Kiểm tra các cơ sở kinh doanh thực phẩm tại chợ Bình Trung từ ngày 15 tháng 4\n"
     "          năm 2025.\n"
     "      - \"Phân công cụ thể như sau:\"\n"
     "      - bang:\n"
     "          stt: phan-cap\n"
     "          cot: [15, tu-dong, 32, 40]\n"
     "          dau:\n"
     "            - [STT, Nội dung, Thời gian, Chủ trì]\n"
     "          dong:\n"
     "            - [Tuyên truyền trên loa truyền thanh, Tháng 4/2025, Văn hóa - Xã hội]\n"
     "            - [Kiểm tra cơ sở kinh doanh tại chợ, 15/4/2025, Trạm Y tế xã]\n"
     "  - muc: Tổ chức thực hiện\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Trạm Y tế xã chủ trì, phối hợp Công an xã và Trưởng các thôn thực hiện Kế hoạch\n"
     "        này, báo cáo kết quả về Ủy ban nhân dân xã trước ngày 20 tháng 5 năm 2025.\n",
     RECIPIENTS_DOWN, ISSUER_COMMITTEE},
    {"phuong-an", "1.4", "Phương án ứng phó mưa lũ năm 2025 trên địa bàn xã Bình Trung", NULL,
     "  - muc: Tình hình chung\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Xã có 04 thôn thường xuyên bị ngập khi mưa lớn kéo dài, 27 hộ dân sống ven suối\n"
     "        Khuổi Mạ có nguy cơ bị ảnh hưởng của lũ quét.\n"
     "  - muc: Biện pháp ứng phó\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Di dời 27 hộ dân đến nhà văn hóa thôn Nà Riêng khi có cảnh báo lũ; chuẩn bị lương\n"
     "        thực, nước uống và thuốc men cho 05 ngày.\n",
     RECIPIENTS_UP, ISSUER_COMMITTEE},
    {"de-an", "1.4",
     "Đề án phát triển vùng trồng hồi tập trung xã Bình Trung giai đoạn 2025 - 2030",
     NULL,
     "  - phan: Sự cần thiết xây dựng đề án\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Cây hồi là cây trồng chủ lực của xã với diện tích 320 ha, nhưng năng suất còn thấp\n"
     "        do giống cũ và cách chăm sóc chưa đúng kỹ thuật.\n"
     "  - phan: Mục tiêu và giải pháp\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Đến năm 2030 trồng mới 50 ha hồi bằng giống ghép, hình thành 02 tổ hợp tác thu mua\n"
     "        và sơ chế hoa hồi tại thôn Khuổi Mạ và thôn Pò Mần.\n",
     RECIPIENTS_UP, ISSUER_COMMITTEE},
    {"du-an", "1.4", "Dự án hỗ trợ phát triển sản xuất chăn nuôi bò sinh sản năm 2025", NULL,
     "  - muc: Thông tin chung\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Dự án hỗ trợ 20 hộ nghèo, hộ cận nghèo tại thôn Bản Cầu mỗi hộ 01 con bò cái sinh\n"
     "        sản, thời gian thực hiện từ tháng 4 đến tháng 12 năm 2025.\n"
     "  - muc: Kinh phí thực hiện\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Tổng kinh phí 400 triệu đồng từ nguồn Chương trình mục tiêu quốc gia giảm nghèo\n"
     "        bền vững; các hộ tham gia đối ứng chuồng trại và công chăm sóc.\n",
     RECIPIENTS_UP, ISSUER_COMMITTEE},
    {"bao-cao", "1.4", "Kết quả thực hiện nhiệm vụ quý I năm 2025", NULL,
     "  - muc: Kết quả đạt được\n"
     "    noi_dung:\n"
     "      - khoan: >-\n"
     "          Thu ngân sách trên địa bàn đạt 1.250 triệu đồng, bằng 28% dự toán huyện giao; tổ\n"
     "          chức tốt các hoạt động mừng Đảng, mừng Xuân.\n"
     "      - khoan: >-\n"
     "          Tình hình an ninh chính trị, trật tự an toàn xã hội ổn định, không có vụ việc\n"
     "          phức tạp.\n"
     "  - muc: Nhiệm vụ quý II năm 2025\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Tập trung chỉ đạo sản xuất vụ Xuân, phòng chống dịch bệnh cho gia súc, gia cầm và\n"
     "        khởi công công trình đường giao thông tuyến Khuổi Mạ - Nà Riêng.\n",
     RECIPIENTS_UP, ISSUER_COMMITTEE},
    {"bien-ban", "1.9", "Họp giao ban Ủy ban nhân dân xã tháng 3 năm 2025", NULL,
     "  - >-\n"
     "    Thời gian bắt đầu: 08 giờ 00 phút, ngày 10 tháng 3 năm 2025, tại phòng họp Ủy ban nhân\n"
     "    dân xã Bình Trung. Thành phần: Chủ tịch, các Phó Chủ tịch và công chức xã.\n"
     "  - >-\n"
     "    Nội dung: Các đồng chí công chức báo cáo kết quả tháng 02; Chủ tịch Ủy ban nhân dân xã\n"
     "    kết luận, giao nhiệm vụ tháng 3 năm 2025 cho từng bộ phận.\n"
     "  - >-\n"
     "    Cuộc họp kết thúc vào 10 giờ 30 phút cùng ngày; biên bản đã được đọc lại cho những\n"
     "    người dự họp cùng nghe và nhất trí.\n",
     "  - Các thành viên dự họp\n", ISSUER_COMMITTEE},
    {"to-trinh", "1.4", "Về việc đề nghị hỗ trợ kinh phí sửa chữa nhà văn hóa thôn Khuổi Mạ",
     TO_DISTRICT,
     "  - >-\n"
     "    Nhà văn hóa thôn Khuổi Mạ được xây dựng năm 2008, đến nay mái ngói bị dột, tường nứt,\n"
     "    không bảo đảm an toàn khi tổ chức sinh hoạt cộng đồng.\n"
     "  - >-\n"
     "    Ủy ban nhân dân xã Bình Trung kính đề nghị Ủy ban nhân dân huyện xem xét, hỗ trợ 150\n"
     "    triệu đồng để sửa chữa nhà văn hóa thôn Khuổi Mạ trong năm 2025.\n",
     "  - TT Đảng ủy, HĐND xã\n", ISSUER_COMMITTEE},
    {"hop-dong", "1.4", "Hợp đồng thuê khoán bảo vệ rừng năm 2025", NULL,
     "  - >-\n"
     "    Bên A là Ủy ban nhân dân xã Bình Trung; bên B là ông Vi Văn Tuấn, thôn Pò Mần. Hai bên\n"
     "    thống nhất ký hợp đồng với các điều khoản sau:\n"
     "  - dieu: Nội dung hợp đồng\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Bên B nhận khoán bảo vệ 25 ha rừng phòng hộ tại khoảnh 3, tiểu khu 112 từ ngày 01\n"
     "        tháng 4 năm 2025 đến ngày 31 tháng 12 năm 2025.\n"
     "  - dieu: Kinh phí và phương thức thanh toán\n"
     "    noi_dung:\n"
     "      - >-\n"
     "        Đơn giá 400.000 đồng/ha/năm, thanh toán hai lần bằng chuyển khoản vào tháng 7 và\n"
     "        tháng 12 năm 2025.\n",
     "  - Ông Vi Văn Tuấn\n  - Kế toán xã\n", ISSUER_COMMITTEE},
    {"cong-dien", "1.6", "Về việc chủ động ứng phó với mưa lớn, lũ quét và sạt lở đất",
     CABLE_FROM_TO,
     "  - >-\n"
     "    Theo dự báo, từ đêm nay đến hết ngày 12 tháng 3 năm 2025 trên địa bàn xã có mưa to,\n"
     "    nguy cơ cao xảy ra lũ quét, sạt lở đất tại các thôn ven suối.\n"
     "  - >-\n"
     "    Chủ tịch Ủy ban nhân dân xã yêu cầu Trưởng các thôn kiểm tra ngay các hộ ở vùng nguy\n"
     "    hiểm, chủ động sơ tán người và tài sản đến nơi an toàn, báo cáo kết quả trước 17 giờ\n"
     "    hằng ngày.\n"
     "  - >-\n"
     "    Công an xã, Ban Chỉ huy quân sự xã bố trí lực lượng trực 24/24 giờ, sẵn sàng phương\n"
     "    tiện cứu hộ, cứu nạn; tuyệt đối không để người dân qua lại các ngầm tràn, suối sâu khi\n"
     "    nước dâng cao và chưa có người hướng dẫn.\n",
     "  - UBND huyện Cao Lộc (b/c)\n", ISSUER_COMMITTEE},
    {"ban-ghi-nho", "1.4",
     "Về hợp tác phát triển du lịch cộng đồng giữa xã Bình Trung và xã Hòa Cư",
     NULL,
     "  - >-\n"
     "    Ủy ban nhân dân xã Bình Trung và Ủy ban nhân dân xã Hòa Cư thống nhất hợp tác xây dựng\n"
     "    tuyến du lịch cộng đồng nối hai xã trong giai đoạn 2025 - 2027.\n"
     "  - khoan: >-\n"
     "      Hai bên cùng quảng bá sản phẩm hoa hồi, thạch đen và các điểm dừng chân trên tuyến.\n"
     "  - khoan: >-\n"
     "      Mỗi năm họp một lần vào tháng 12 để đánh giá kết quả hợp tác và thống nhất kế hoạch.\n"
     "  - >-\n"
     "    Bản ghi nhớ này có hiệu lực kể từ ngày ký, được lập thành 04 bản có giá trị như nhau,\n"
     "    mỗi bên giữ 02 bản; trong quá trình thực hiện, nội dung nào cần sửa đổi, bổ sung thì\n"
     "    hai bên cùng trao đổi, thống nhất bằng văn bản.\n",
     "  - UBND xã Hòa Cư\n", ISSUER_COMMITTEE},
    {"ban-thoa-thuan", "1.4", "Thỏa thuận sử dụng chung nhà văn hóa thôn Bản Cầu", NULL,
     "  - >-\n"
     "    Ủy ban nhân dân xã Bình Trung và Ban quản lý thôn Bản Cầu thỏa thuận sử dụng chung nhà\n"
     "    văn hóa thôn Bản Cầu làm điểm tiếp nhận hồ sơ hành chính lưu động của xã.\n"
     "  - khoan: >-\n"
     "      Ủy ban nhân dân xã sử dụng nhà văn hóa vào sáng thứ Ba hằng tuần và chịu tiền điện.\n"
     "  - khoan: >-\n"
     "      Ban quản lý thôn bảo quản tài sản và bố trí người mở cửa đúng giờ đã thống nhất.\n"
     "  - >-\n"
     "    Bản thỏa thuận này có hiệu lực từ ngày ký đến hết ngày 31 tháng 12 năm 2025; khi một\n"
     "    bên muốn chấm dứt trước thời hạn thì báo cho bên kia bằng văn bản trước ít nhất 15\n"
     "    ngày để cùng thống nhất việc bàn giao.\n",
     "  - Ban quản lý thôn Bản Cầu\n", ISSUER_COMMITTEE},
    {"giay-uy-quyen", "1.4", "Ủy quyền tham dự hội nghị triển khai nhiệm vụ năm 2025", NULL,
     "  - >-\n"
     "    Chủ tịch Ủy ban nhân dân xã Bình Trung ủy quyền cho ông Hoàng Văn Thắng, Phó Chủ tịch\n"
     "    Ủy ban nhân dân xã, tham dự hội nghị do Ủy ban nhân dân huyện Cao Lộc tổ chức.\n"
     "  - >-\n"
     "    Người được ủy quyền có trách nhiệm báo cáo kết quả hội nghị với Chủ tịch Ủy ban nhân\n"
     "    dân xã; giấy ủy quyền có giá trị đến hết ngày 31 tháng 3 năm 2025.\n",
     "  - Ông Hoàng Văn Thắng\n", ISSUER_COMMITTEE},
    {"giay-moi", "1.7", "Dự hội nghị tổng kết công tác dân số năm 2024", NULL,
     "  - >-\n"
     "    Ủy ban nhân dân xã Bình Trung trân trọng kính mời Trưởng các thôn và cộng tác viên dân\n"
     "    số tham dự hội nghị tổng kết công tác dân số năm 2024.\n"
     "  - >-\n"
     "    Thời gian: 08 giờ 00 phút, ngày 14 tháng 3 năm 2025. Địa điểm: hội trường Ủy ban nhân\n"
     "    dân xã Bình Trung. Rất mong các đại biểu đến dự đúng giờ.\n",
     "  - Như trên\n  - Trạm Y tế xã\n", ISSUER_COMMITTEE},
    {"giay-gioi-thieu", "1.8", "Giới thiệu công chức liên hệ công tác", NULL,
     "  - >-\n"
     "    Ủy ban nhân dân xã Bình Trung trân trọng giới thiệu bà Lành Thị Hoa, công chức Tư pháp\n"
     "    - Hộ tịch, được cử đến Phòng Tư pháp huyện Cao Lộc liên hệ công tác.\n"
     "  - >-\n"
     "    Về việc: nhận sổ hộ tịch và tài liệu hướng dẫn nghiệp vụ năm 2025. Đề nghị quý cơ quan\n"
     "    tạo điều kiện để bà Lành Thị Hoa hoàn thành nhiệm vụ. Giấy có giá trị đến ngày 31\n"
     "    tháng 3.\n",
     "  - Bà Lành Thị Hoa\n", ISSUER_COMMITTEE},
    {"giay-nghi-phep", "1.10", "Cho công chức nghỉ phép năm 2025", NULL,
     "  - >-\n"
     "    Xét đơn đề nghị nghỉ phép của ông Nông Văn Hùng, công chức Địa chính - Nông nghiệp -\n"
     "    Xây dựng và Môi trường xã Bình Trung.\n"
     "  - >-\n"
     "    Cấp cho ông Nông Văn Hùng nghỉ phép năm 2025 trong thời gian 05 ngày, kể từ ngày 17\n"
     "    tháng 3 năm 2025 đến hết ngày 21 tháng 3 năm 2025, tại thôn Nà Riêng, xã Bình Trung.\n",
     "  - Ông Nông Văn Hùng\n", ISSUER_COMMITTEE},
    {"phieu-gui", "1.4", "Gửi hồ sơ đề nghị khen thưởng năm 2024", NULL,
     "  - >-\n"
     "    Ủy ban nhân dân xã Bình Trung gửi Phòng Nội vụ huyện Cao Lộc hồ sơ đề nghị khen thưởng\n"
     "    năm 2024 gồm 01 tờ trình, 01 biên bản họp Hội đồng Thi đua - Khen thưởng xã và 06 bản\n"
     "    thành tích.\n"
     "  - >-\n"
     "    Đề nghị Phòng Nội vụ huyện nhận và gửi lại phiếu này cho Ủy ban nhân dân xã sau khi đã\n"
     "    nhận đủ hồ sơ.\n"
     "  - >-\n"
     "    Trường hợp hồ sơ còn thiếu hoặc chưa đúng mẫu, đề nghị Phòng Nội vụ huyện thông báo\n"
     "    cho công chức Văn phòng - Thống kê xã qua số điện thoại 0205 3861 234 để bổ sung, hoàn\n"
     "    thiện trước ngày 25 tháng 3 năm 2025.\n",
     "  - Phòng Nội vụ huyện Cao Lộc\n", ISSUER_COMMITTEE},
    {"phieu-chuyen", "1.4", "Chuyển đơn của công dân", NULL,
     "  - >-\n"
     "    Ủy ban nhân dân xã Bình Trung nhận được đơn của ông Lộc Văn Sình, thôn Bản Cầu, về\n"
     "    việc tranh chấp ranh giới thửa đất số 215, tờ bản đồ số 12.\n"
     "  - >-\n"
     "    Nội dung đơn thuộc thẩm quyền giải quyết của Ủy ban nhân dân huyện Cao Lộc; Ủy ban\n"
     "    nhân dân xã chuyển đơn kèm theo hồ sơ hòa giải ngày 03 tháng 3 năm 2025 để xem xét,\n"
     "    giải quyết.\n",
     "  - Ông Lộc Văn Sình\n  - UBND huyện Cao Lộc\n", ISSUER_COMMITTEE},
    {"phieu-bao", "1.4", "Báo lịch trực phòng, chống thiên tai tháng 3 năm 2025", NULL,
     "  - >-\n"
     "    Ủy ban nhân dân xã Bình Trung báo lịch trực phòng, chống thiên tai tháng 3 năm 2025:\n"
     "    lãnh đạo trực theo tuần, công chức trực theo ngày tại trụ sở Ủy ban nhân dân xã.\n"
     "  - >-\n"
     "    Số điện thoại trực: 0205 3861 234. Khi có tình huống, Trưởng các thôn báo ngay cho\n"
     "    người trực để kịp thời xử lý.\n"
     "  - >-\n"
     "    Người trực có trách nhiệm theo dõi sát diễn biến thời tiết, ghi sổ trực đầy đủ, báo\n"
     "    cáo ngay Chủ tịch Ủy ban nhân dân xã khi có mưa lớn, lũ quét, sạt lở đất hoặc có\n"
     "    người, tài sản bị thiệt hại để chỉ đạo xử lý kịp thời.\n",
     RECIPIENTS_DOWN, ISSUER_COMMITTEE},
    {"cong-van", "1.5", "tăng cường công tác vệ sinh môi trường tại các thôn", TO_VILLAGES,
     "  - >-\n"
     "    Thời gian gần đây, tại một số thôn còn tình trạng vứt rác thải sinh hoạt ra ven đường,\n"
     "    xuống suối, gây ô nhiễm môi trường và mất mỹ quan nông thôn.\n"
     "  - >-\n"
     "    Ủy ban nhân dân xã đề nghị Trưởng các thôn vận động nhân dân thu gom rác đúng nơi quy\n"
     "    định, tổ chức tổng vệ sinh vào sáng Chủ nhật cuối tháng và báo cáo kết quả trước ngày\n"
     "    30 hằng tháng.\n"
     "  - >-\n"
     "    Giao Đoàn Thanh niên, Hội Liên hiệp Phụ nữ xã phát động phong trào \"Ngày Chủ nhật\n"
     "    xanh\" tại các thôn; công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường xã\n"
     "    kiểm tra, đôn đốc và tổng hợp kết quả báo cáo Ủy ban nhân dân xã.\n",
     "  - TT Đảng ủy, HĐND xã\n", ISSUER_COMMITTEE},
};

const starter *starter_find(const char *slug)
{
    for (size_t i = 0; i < sizeof starters / sizeof *starters; i++)
        if (strcmp(starters[i].slug, slug) == 0)
            return &starters[i];
    return NULL;
}

/* The letterhead: the clerk's own body, place and date replace the commune's. */
static void write_head(FILE *out, const starter *s, const vb_document_type *type)
{
    bool council = s->issuer == ISSUER_COUNCIL;
    fprintf(out,
            "# Tệp mẫu %s (mẫu %s Phụ lục III Nghị định 30/2020/NĐ-CP), do \"vanban new %s\" tạo.\n"
            "# Thay nội dung ví dụ (Ủy ban nhân dân xã Bình Trung) bằng của cơ quan mình, rồi:\n"
            "#   vanban check TỆP.yaml    (kiểm tra)    vanban render TỆP.yaml -o TỆP.pdf\n"
            "# Mọi khóa và ý nghĩa: vanban schema. Dòng mở bằng \"#\" là chú thích, không in.\n"
            "\n"
            "# Loại văn bản; các loại: vanban new --list.\n"
            "loai: %s\n"
            "# Cơ quan chủ quản (nếu có), in trên tên cơ quan; văn bản của xã thường không ghi:\n"
            "# co_quan_chu_quan: ỦY BAN NHÂN DÂN HUYỆN CAO LỘC\n"
            "# Tên cơ quan ban hành, mỗi phần tử một dòng.\n"
            "co_quan: [%s, XÃ BÌNH TRUNG]\n"
            "# Số văn bản: để trống, văn thư điền số khi phát hành.\n"
            "so:\n"
            "# Ký hiệu cơ quan; vanban ghép số và chữ viết tắt tên loại: \"Số: …/%s%s%s\".\n"
            "ky_hieu: %s\n"
            "# Địa danh và ngày ban hành (NĂM-THÁNG-NGÀY).\n"
            "dia_danh: Bình Trung\n"
            "ngay: 2025-03-10\n"
            "# Trích yếu nội dung%s; **đậm** và *nghiêng* được dùng.\n"
            "trich_yeu: %s\n",
            type->name, s->form, s->slug, s->slug,
            council ? "HỘI ĐỒNG NHÂN DÂN" : "ỦY BAN NHÂN DÂN",
            type->abbr ? type->abbr : "", type->abbr ? "-" : "", council ? "HĐND" : "UBND",
            council ? "HĐND" : "UBND",
            strcmp(s->slug, "cong-van") == 0 ? " (vanban tự thêm \"V/v\")" : "", s->summary);
}

/* The body, then the closing block: recipients and the signer. */
static void write_tail(FILE *out, const starter *s)
{
    bool council = s->issuer == ISSUER_COUNCIL;
    fprintf(out,
            "%s"
            "\n"
            "# Nội dung: mỗi khối mở bằng \"- \". Một dòng chữ là một đoạn văn; khóa cấp\n"
            "# (phan, chuong, muc, dieu, khoan, tieu_khoan, diem, gach, cong) được vanban\n"
            "# đánh số, khối con đặt trong noi_dung của khối đó. Dấu \"./.\" cuối văn bản\n"
            "# vanban tự thêm.\n"
            "noi_dung:\n"
            "%s"
            "\n"
            "# Nơi nhận, mỗi nơi một dòng; \"- Như trên;\" (khi có kinh_gui) và\n"
            "# \"- Lưu: …\" vanban tự thêm.\n"
            "noi_nhan:\n"
            "%s"
            "luu: VT\n"
            "\n"
            "# Người ký: tham_quyen là TM, KT, Q, TL hoặc TUQ (bỏ khi người đứng đầu ký\n"
            "# trực tiếp).\n"
            "nguoi_ky:\n"
            "  tham_quyen: TM\n"
            "  thay_mat: %s\n"
            "  chuc_vu: CHỦ TỊCH\n"
            "  ho_ten: %s\n",
            s->preamble ? s->preamble : "", s->body, s->recipients,
            council ? "HỘI ĐỒNG NHÂN DÂN" : "ỦY BAN NHÂN DÂN",
            council ? "Lương Văn Đức" : "Hà Minh Phú");
}

void starter_write(FILE *out, const starter *s, const vb_document_type *type)
{
    write_head(out, s, type);
    write_tail(out, s);
}
