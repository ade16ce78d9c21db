package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import parley.live.SseFrames;

class SseFramesTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aMessageIsOneEventWithItsIdAndOneDataLinePerLine() {
        assertThat(text(SseFrames.message(7, "a\nb\r\nc\rd").bytes()))
                .isEqualTo("id: 7\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void nothingInTheDataCanStartAFieldOrEndTheEvent() {
        String frame = text(SseFrames.message(1, "x\n\nevent: evil\r\nid: 9\rretry: 1").bytes());
        assertThat(frame.split("\n")).allMatch(line -> line.isEmpty() || line.startsWith("data: ")
                || line.equals("event: message") || line.equals("id: 1"));
        assertThat(frame).endsWith("\n\n").doesNotContain("\r");
        assertThat(frame.indexOf("\n\n")).as("only the terminating blank line").isEqualTo(frame.length() - 2);
    }

    @Test
    void presenceCarriesNoIdSoItNeverMovesTheResumePoint() {
        assertThat(text(SseFrames.presence("<li>a</li>").bytes())).isEqualTo("event: presence\ndata: <li>a</li>\n\n");
    }

    @Test
    void resetCarriesTheNewestIdAndAnEmptyHistoryIsStillAnEvent() {
        assertThat(text(SseFrames.reset(0, "").bytes())).isEqualTo("event: reset\nid: 0\ndata: \n\n");
    }

    @Test
    void retryAndPing() {
        assertThat(text(SseFrames.retry(2000))).isEqualTo("retry: 2000\n\n");
        assertThat(text(SseFrames.PING.bytes())).isEqualTo(": ping\n\n");
    }
}
