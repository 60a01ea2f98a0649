package cn.disclosure.review.publish;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The register as a spreadsheet: CSV (UTF-8 with BOM so Excel shows Chinese; cells that a
 * spreadsheet would run as a formula are prefixed with an apostrophe) and xlsx (Apache POI).
 * Times are local to {@code review.zone}.
 */
public final class RegisterExport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private record Column(String header, int width, Function<RegisterRow, Object> value) {
    }

    private final ZoneId zone;
    private final List<Column> columns;

    public RegisterExport(ZoneId zone) {
        this.zone = zone;
        this.columns = List.of(
                new Column("登记号", 8, RegisterRow::publicationId),
                new Column("稿件编号", 8, RegisterRow::draftId),
                new Column("版本", 6, RegisterRow::revision),
                new Column("标题", 40, RegisterRow::title),
                new Column("文号", 18, RegisterRow::docNumber),
                new Column("发布渠道", 12, RegisterRow::channelLabel),
                new Column("网址", 36, RegisterRow::url),
                new Column("部门", 14, RegisterRow::department),
                new Column("提交人", 12, RegisterRow::submitter),
                new Column("审查人及审查时间", 60, this::reviewers),
                new Column("发布时间", 20, r -> r.publishedAt()),
                new Column("发布人", 12, RegisterRow::publishedBy),
                new Column("内容哈希（SHA-256）", 30, RegisterRow::contentHash),
                new Column("自动检查结论", 14, r -> verdictLabel(r.verdict())),
                new Column("撤稿时间", 20, r -> r.withdrawnAt()),
                new Column("撤稿原因", 30, RegisterRow::withdrawalReason));
    }

    private String reviewers(RegisterRow r) {
        return r.reviewers().stream()
                .map(v -> v.roleLabel() + " " + v.reviewer() + " " + decisionLabel(v.decision()) + " " + TIME.format(v.decidedAt().atZoneSameInstant(zone)))
                .collect(Collectors.joining("；"));
    }

    static String verdictLabel(String verdict) {
        return switch (verdict) {
            case "PASS" -> "通过";
            case "WARN" -> "需人工确认";
            case "BLOCK" -> "禁止发布";
            default -> verdict;
        };
    }

    private static String decisionLabel(String decision) {
        return switch (decision) {
            case "APPROVE" -> "同意";
            case "RETURN" -> "退回修改";
            case "REJECT" -> "不予公开";
            default -> decision;
        };
    }

    private String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof OffsetDateTime t) {
            return TIME.format(t.atZoneSameInstant(zone));
        }
        return v.toString();
    }

    public byte[] csv(List<RegisterRow> rows) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        sb.append(columns.stream().map(c -> csvCell(c.header())).collect(Collectors.joining(","))).append("\r\n");
        for (RegisterRow r : rows) {
            sb.append(columns.stream().map(c -> csvCell(text(c.value().apply(r)))).collect(Collectors.joining(","))).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String csvCell(String s) {
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    public byte[] xlsx(List<RegisterRow> rows) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("信息发布登记");
            CellStyle header = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle time = wb.createCellStyle();
            time.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
            CellStyle wrap = wb.createCellStyle();
            wrap.setWrapText(true);
            Row head = sheet.createRow(0);
            for (int i = 0; i < columns.size(); i++) {
                Cell c = head.createCell(i);
                c.setCellValue(columns.get(i).header());
                c.setCellStyle(header);
                sheet.setColumnWidth(i, columns.get(i).width() * 256);
            }
            int n = 1;
            for (RegisterRow r : rows) {
                Row row = sheet.createRow(n++);
                for (int i = 0; i < columns.size(); i++) {
                    Object v = columns.get(i).value().apply(r);
                    Cell c = row.createCell(i);
                    if (v instanceof OffsetDateTime t) {
                        c.setCellValue(t.atZoneSameInstant(zone).toLocalDateTime());
                        c.setCellStyle(time);
                    } else if (v instanceof Number num) {
                        c.setCellValue(num.doubleValue());
                    } else if (v != null) {
                        c.setCellValue(v.toString());
                        if (v.toString().length() > columns.get(i).width()) {
                            c.setCellStyle(wrap);
                        }
                    }
                }
            }
            sheet.createFreezePane(0, 1);
            sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, n - 1), 0, columns.size() - 1));
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
