package io.tenantry.audit.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.tenant.TenantContext;
import jakarta.validation.Valid;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audit/retention")
class RetentionController {

	private final RetentionSettings settings;

	RetentionController(RetentionSettings settings) {
		this.settings = settings;
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'AUDITOR', 'PLATFORM_ADMIN')")
	@Operation(summary = "How long the tenant's audit entries are kept, and whether a legal hold stops purging")
	Retention get() {
		return this.settings.of(TenantContext.requireTenantId());
	}

	@PutMapping
	@PreAuthorize("hasAnyRole('OWNER', 'PLATFORM_ADMIN')")
	@Operation(summary = "Sets the tenant's retention (30 to 36500 days) and legal hold (with a reason)")
	Retention put(@Valid @RequestBody RetentionRequest request, Authentication caller) {
		return this.settings.change(TenantContext.requireTenantId(), request, caller.getName());
	}

}
