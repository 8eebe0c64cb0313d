package io.tenantry.user.mfa;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.user.account.Caller;
import io.tenantry.user.account.UserAccount;
import io.tenantry.user.account.UserAccountRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/users/{id}/mfa")
class MfaController {

	private final Mfa mfa;

	private final UserAccountRepository accounts;

	MfaController(Mfa mfa, UserAccountRepository accounts) {
		this.mfa = mfa;
		this.accounts = accounts;
	}

	@GetMapping
	@Transactional
	@Operation(summary = "Whether the user has MFA, and how many recovery codes are left")
	Map<String, Object> status(@PathVariable UUID id) {
		Caller.current().requireSelfOrManager(id);
		UserAccount account = account(id);
		return Map.of("enabled", account.isMfaEnabled(), "recoveryCodesLeft", this.mfa.recoveryCodesLeft(account));
	}

	@PostMapping("/totp")
	@Transactional
	@Operation(summary = "Start TOTP enrolment (the user only)",
			description = "Returns the seed and an otpauth:// URI, shown this once; confirm with a first code.")
	Mfa.Enrolment start(@PathVariable UUID id) {
		requireSelf(id);
		return this.mfa.start(account(id));
	}

	@PostMapping("/totp/confirm")
	@Transactional
	@Operation(summary = "Confirm TOTP enrolment with a first code (the user only)",
			description = "Returns 10 single-use recovery codes, shown this once.")
	Map<String, List<String>> confirm(@PathVariable UUID id, @Valid @RequestBody Code request) {
		requireSelf(id);
		return Map.of("recoveryCodes", this.mfa.confirm(account(id), request.code()));
	}

	@DeleteMapping
	@Transactional
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Reset the user's MFA (the user, or OWNER/ADMIN; audited)")
	void reset(@PathVariable UUID id) {
		Caller.current().requireSelfOrManager(id);
		this.mfa.reset(account(id));
	}

	private UserAccount account(UUID id) {
		return this.accounts.findForUpdate(id).orElseThrow(() -> new ResourceNotFoundException("User", id));
	}

	private static void requireSelf(UUID id) {
		Caller caller = Caller.current();
		if (!caller.is(id)) {
			throw new AccessDeniedException("Only the user may enrol their own authenticator");
		}
	}

	record Code(@NotBlank @Size(max = 20) String code) {
	}

}
