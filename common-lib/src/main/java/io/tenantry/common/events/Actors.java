package io.tenantry.common.events;

import io.tenantry.common.web.ClientAddress;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Who is acting in the current thread: the token's subject and the caller's address. */
final class Actors {

	private Actors() {
	}

	static Actor current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String ip = clientIp();
		if (authentication instanceof JwtAuthenticationToken jwt) {
			String type = jwt.getToken().hasClaim("client_id") ? "client" : "user";
			return new Actor(type, jwt.getName(), ip);
		}
		return new Actor("system", null, ip);
	}

	/** The caller's address as the trusted proxies saw it ({@link ClientAddress}). */
	private static String clientIp() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return ClientAddress.of(attributes.getRequest());
		}
		return null;
	}

}
