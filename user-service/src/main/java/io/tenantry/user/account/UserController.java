package io.tenantry.user.account;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.PageResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/users")
class UserController {

	private final Users users;

	private final UserQueries queries;

	UserController(Users users, UserQueries queries) {
		this.users = users;
		this.queries = queries;
	}

	@PostMapping
	@Operation(summary = "Create a user in the caller's tenant (OWNER, ADMIN)",
			description = "With a password the user is ACTIVE; without one the user is INVITED and receives an "
					+ "invitation to set it. Email is unique per tenant, ignoring case (409 otherwise).")
	ResponseEntity<UserView> create(@Valid @RequestBody UserRequests.Create request) {
		UserView created = this.users.create(Caller.current(), request);
		return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(summary = "List the tenant's users (OWNER, ADMIN, SECURITY_ADMIN, AUDITOR)",
			description = "Filters: status, role, q (email or display name contains, ignoring case). "
					+ "sort: createdAt (default, desc), email, displayName, lastLoginAt, with ,asc or ,desc.")
	PageResponse<UserView> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String role, @RequestParam(required = false) String q,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			@RequestParam(required = false) String sort) {
		return this.queries.list(Caller.current(), status, role, q, page, size, sort);
	}

	@GetMapping("/stats/overview")
	@Operation(summary = "Counts by status and role, logins and failed logins over 24 h, 7 d and 30 d, MFA adoption")
	Map<String, Object> overview() {
		return this.queries.overview(Caller.current());
	}

	@GetMapping("/{id}")
	@Operation(summary = "A user of the caller's tenant (the user themselves, or a reader role)")
	UserView get(@PathVariable UUID id) {
		return this.users.get(Caller.current(), id);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Change a user; fields left out are unchanged",
			description = "A user edits their own email and display name; roles and status need OWNER or ADMIN, "
					+ "and an owner's roles or status need an OWNER. The last active OWNER cannot lose that.")
	UserView update(@PathVariable UUID id, @Valid @RequestBody UserRequests.Update request) {
		return this.users.update(Caller.current(), id, request);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a user with all their sessions and tokens (OWNER, ADMIN)")
	void delete(@PathVariable UUID id) {
		this.users.delete(Caller.current(), id);
	}

}
