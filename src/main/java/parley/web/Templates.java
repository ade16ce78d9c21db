package parley.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import parley.live.Renderer;
import parley.live.SidebarEntry;
import parley.store.Message;
import parley.web.Pages.MessageView;

/**
 * Renders jte templates to strings: precompiled from the jar, or compiled from {@code templates/} on change in
 * dev. Also the live layer's {@link Renderer}: the stream sends the fragments the pages are made of.
 */
public final class Templates implements Renderer {
    private final TemplateEngine engine;

    private Templates(TemplateEngine engine) {
        this.engine = engine;
    }

    public static Templates precompiled() {
        return new Templates(TemplateEngine.createPrecompiled(ContentType.Html));
    }

    public static Templates hotReload(Path templateDirectory) {
        Path classes = Path.of("target", "jte-classes");
        TemplateEngine engine = TemplateEngine.create(new DirectoryCodeResolver(templateDirectory), classes, ContentType.Html);
        engine.setTrimControlStructures(true); // as the jte-maven-plugin does for the jar
        return new Templates(engine);
    }

    String render(String template, Object model) {
        StringOutput output = new StringOutput();
        engine.render(template, model, output);
        return output.toString();
    }

    /** A template of several parameters, by name. */
    String render(String template, Map<String, Object> params) {
        StringOutput output = new StringOutput();
        engine.render(template, params, output);
        return output.toString();
    }

    /** Sends a rendered page or fragment. */
    void respond(Context ctx, HttpStatus status, String template, Object model) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(render(template, model));
    }

    /** The fragment the stream sends for one new message; stripped, so it adds no blank data lines. */
    @Override
    public String message(Message message) {
        return message(message, MessageView.STREAM, null);
    }

    /** The fragment the stream sends for a changed message: it replaces the one shown, or removes it. */
    @Override
    public String update(Message message) {
        return message(message, MessageView.UPDATE, null);
    }

    /** One message as {@code view} shows it, with {@code error} (or null) said under it. */
    String message(Message message, MessageView view, String error) {
        Map<String, Object> params = new HashMap<>(4);
        params.put("message", message);
        params.put("view", view);
        params.put("error", error);
        StringOutput output = new StringOutput();
        engine.render("message.jte", params, output);
        return output.toString().strip();
    }

    @Override
    public String sidebarEntry(SidebarEntry entry) {
        return render("sidebar-entry.jte", Map.<String, Object>of("entry", entry, "swap", true)).strip();
    }

    @Override
    public String sidebar(List<SidebarEntry> entries, String current) {
        return render("sidebar-rooms.jte",
                Map.<String, Object>of("sidebar", new Pages.Sidebar(entries, current, true, 0), "swap", true)).strip();
    }

    @Override
    public String typing(List<String> names) {
        return render("typing.jte", names).strip();
    }

    @Override
    public String presence(List<String> names) {
        return render("presence.jte", names).strip();
    }
}
