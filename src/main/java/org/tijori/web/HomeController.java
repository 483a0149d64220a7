package org.tijori.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The public landing page and the sign-in page.
 */
@Controller
class HomeController {

    private final Map<String, String> providers;

    HomeController(ObjectProvider<ClientRegistrationRepository> registrations) {
        var names = new LinkedHashMap<String, String>();
        if (registrations.getIfAvailable() instanceof Iterable<?> all) {
            for (Object registration : all) {
                ClientRegistration client = (ClientRegistration) registration;
                names.put(client.getRegistrationId(), client.getClientName());
            }
        }
        this.providers = java.util.Collections.unmodifiableMap(names);
    }

    @GetMapping("/")
    String home() {
        return "home";
    }

    /** The sign-in page, with one link per external OpenID Connect provider that is configured. */
    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("providers", providers);
        return "login";
    }
}
