package org.tijori.demo.web;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.demo.DemoRequester;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The demo requester's pages: "Start" sends the browser to Tijori's authorization endpoint, and the callback shows
 * every request the demo requester then made and Tijori's answers. No session: a flow is found by its
 * {@code state}.
 */
@Controller
@Profile("demo")
class DemoRequesterController {

    private final DemoRequester requester;

    DemoRequesterController(DemoRequester requester) {
        this.requester = requester;
    }

    @GetMapping("/demo-requester")
    String page(Model model, HttpServletResponse response) {
        model.addAttribute("ready", requester.ready());
        model.addAttribute("clientId", requester.clientId().orElse(""));
        if (!requester.ready()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
        return "demo/requester";
    }

    @GetMapping("/demo-requester/start")
    String start(Model model, HttpServletResponse response) {
        if (!requester.ready()) {
            return page(model, response);
        }
        return "redirect:" + requester.start();
    }

    @GetMapping("/demo-requester/callback")
    String callback(@RequestParam(required = false) String state, @RequestParam(required = false) String code,
            @RequestParam(required = false) String error,
            @RequestParam(name = "error_description", required = false) String errorDescription, Model model,
            HttpServletResponse response) {
        model.addAttribute("ready", requester.ready());
        model.addAttribute("clientId", requester.clientId().orElse(""));
        if (!requester.ready()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return "demo/requester";
        }
        Optional<List<DemoRequester.Call>> calls = requester.callback(state, code, error, errorDescription);
        if (calls.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("unknownFlow", true);
            return "demo/requester";
        }
        model.addAttribute("calls", calls.get());
        model.addAttribute("refused", error);
        return "demo/requester";
    }
}
