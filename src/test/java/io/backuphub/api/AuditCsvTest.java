package io.backuphub.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The audit export's CSV cells: RFC 4180 quoting, and no value a spreadsheet would run as a formula. */
class AuditCsvTest {

    @Test
    void plainValuesStayAsTheyAre() {
        assertThat(AuditResource.cell("backup.request")).isEqualTo("backup.request");
        assertThat(AuditResource.cell(null)).isEmpty();
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertThat(AuditResource.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditResource.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditResource.cell("line\nnext")).isEqualTo("\"line\nnext\"");
    }

    @Test
    void formulasAreDefused() {
        assertThat(AuditResource.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(AuditResource.cell("+1")).isEqualTo("'+1");
        assertThat(AuditResource.cell("-1")).isEqualTo("'-1");
        assertThat(AuditResource.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }
}
