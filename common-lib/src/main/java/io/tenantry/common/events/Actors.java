package io.tenantry.common.events;

import jakarta.servlet.http.HttpServletRequest;

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

	/** The first address of X-Forwarded-For (set by the gateway), else the peer address. */
	private static String clientIp() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			String forwarded = request.getHeader("X-Forwarded-For");
			if (forwarded != null && !forwarded.isBlank()) {
				return forwarded.split(",")[0].trim();
			}
			return request.getRemoteAddr();
		}
		return null;
	}

}
