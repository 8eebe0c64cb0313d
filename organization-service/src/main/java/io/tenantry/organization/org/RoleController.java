package io.tenantry.organization.org;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/organizations/roles")
class RoleController {

	private final Roles roles;

	RoleController(Roles roles) {
		this.roles = roles;
	}

	@GetMapping
	@Operation(summary = "The built-in roles (ORG_ADMIN, ORG_MEMBER, ORG_VIEWER) and the tenant's own")
	List<Roles.RoleView> list() {
		return this.roles.list();
	}

	@PostMapping
	@Operation(summary = "Create a role of the tenant's own (OWNER, ADMIN)",
			description = "A name (not a built-in's; unique ignoring case, 409) and 1-100 permissions resource:action. "
					+ "Publishes io.tenantry.organization.role-created.v1.")
	ResponseEntity<Roles.RoleView> create(@Valid @RequestBody OrgRequests.Role request) {
		Roles.RoleView created = this.roles.create(Caller.current(), request);
		return ResponseEntity.created(URI.create("/api/organizations/roles/" + created.id())).body(created);
	}

	@GetMapping("/{id}")
	@Operation(summary = "A role of the tenant's own")
	Roles.RoleView get(@PathVariable UUID id) {
		return this.roles.get(id);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Replace a role's name, description and permissions (OWNER, ADMIN)",
			description = "A new name is applied to every membership holding the role. Publishes role-updated.")
	Roles.RoleView update(@PathVariable UUID id, @Valid @RequestBody OrgRequests.Role request) {
		return this.roles.update(Caller.current(), id, request);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a role no membership holds (OWNER, ADMIN); one in use is 409")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.roles.delete(Caller.current(), id);
		return ResponseEntity.noContent().build();
	}

}
