package org.tijori.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.RequesterRegistrations;
import org.tijori.gateway.requester.Logo;
import org.tijori.gateway.requester.RegistrationReceipt;
import org.tijori.gateway.requester.RequesterRegistration;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The registration form for requesters (the page behind {@code POST /api/v1/requesters/registrations}): who the
 * requester is, its contact, the purpose residents will be shown, its redirect URIs one a line, and optionally its
 * logo.
 */
@Controller
@RequestMapping("/requester/register")
class RequesterRegistrationController {

    private final RequesterRegistrations registrations;

    RequesterRegistrationController(RequesterRegistrations registrations) {
        this.registrations = registrations;
    }

    @GetMapping
    String form(Model model) {
        model.addAttribute("form", Map.of());
        return "gateway/register";
    }

    @PostMapping
    String register(@RequestParam Map<String, String> form,
            @RequestParam(name = "logo", required = false) MultipartFile logo, HttpServletResponse response,
            Model model) throws IOException {
        try {
            RegistrationReceipt receipt = registrations.register(registration(form), logo(logo));
            model.addAttribute("receipt", receipt);
            model.addAttribute("name", form.get("name"));
            return "gateway/registered";
        }
        catch (GatewayProblemException e) {
            response.setStatus(DigiLockerErrors.statusOf(e.kind()).value());
            model.addAttribute("error", e.getMessage());
            Map<String, String> kept = new HashMap<>(form);
            kept.remove("_csrf");
            model.addAttribute("form", kept);
            return "gateway/register";
        }
    }

    static RequesterRegistration registration(Map<String, String> form) {
        List<String> redirectUris = Arrays.stream(form.getOrDefault("redirectUris", "").split("\\s+"))
                .filter(uri -> !uri.isBlank()).toList();
        return new RequesterRegistration(form.get("name"), form.get("organisation"), form.get("contactEmail"),
                redirectUris, form.get("purpose"));
    }

    /** The logo, if one was chosen; read no further than its limit allows. */
    private static Logo logo(MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            return null;
        }
        if (file.getSize() > Logo.MAX_BYTES) {
            throw new GatewayProblemException(Kind.INVALID, "invalid_logo", "logo: at most 256 KB.");
        }
        try (InputStream in = file.getInputStream()) {
            return Logo.of(in.readNBytes(Logo.MAX_BYTES + 1));
        }
    }
}
