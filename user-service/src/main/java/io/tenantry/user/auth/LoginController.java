package io.tenantry.user.auth;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth")
class LoginController {

	private final PasswordLogin login;

	LoginController(PasswordLogin login) {
		this.login = login;
	}

	@PostMapping("/login")
	@Operation(summary = "Log in as a platform operator with email and password",
			description = "Returns a bearer access token. A wrong password and an unknown email get the same 401.")
	TokenResponse login(@Valid @RequestBody LoginRequest request) {
		return this.login.login(request.email(), request.password());
	}

}
