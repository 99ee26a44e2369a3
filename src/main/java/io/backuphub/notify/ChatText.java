package io.backuphub.notify;

/**
 * Text from outside (a database server's error message, a dump tool's stderr) made inert before it
 * reaches a chat: no channel pings, no mentions, no links with a label of someone else's choosing, no
 * code block it can close early. Slack and Discord each read their own markup.
 */
final class ChatText {

    /** Zero-width space: keeps backticks apart without changing what a reader sees. */
    private static final String APART = "\u200b";

    private ChatText() {
    }

    /**
     * Slack's control characters escaped as Slack asks ({@code & < >}): {@code <!channel>},
     * {@code <@U123>} and {@code <https://evil.example|label>} stay literal text.
     */
    static String slack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Discord's markdown escaped with backslashes where it would form something: no masked link
     * {@code [label](url)}, no mention or channel pill ({@code <@id>}, {@code @everyone}; the message
     * also allows no mentions at all), no heading, quote, bold, spoiler or code.
     */
    static String discord(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\*_~`|[]<>@#".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /**
     * {@code text} as a code block of at most {@code max} characters: runs of backticks inside are
     * kept apart, so nothing in it closes the block, and a text cut short says so.
     */
    static String codeBlock(String text, int max) {
        String body = text.replaceAll("`(?=`)", "`" + APART);
        int room = max - 8; // the fences and their line breaks
        if (body.length() > room) {
            String more = "\n… (cut)";
            body = body.substring(0, Math.max(0, room - more.length())) + more;
        }
        return "```\n" + body + "\n```";
    }
}
