package io.tenantry.organization.org;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.PageResponse;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/organizations")
class OrganizationController {

	private final Organizations organizations;

	private final Memberships memberships;

	OrganizationController(Organizations organizations, Memberships memberships) {
		this.organizations = organizations;
		this.memberships = memberships;
	}

	@PostMapping
	@Operation(summary = "Create an organization",
			description = "A root: OWNER or ADMIN of the tenant. A child: also whoever has org:create-child on the "
					+ "parent (ORG_ADMIN). Sibling names are unique ignoring case (409); nesting deeper than "
					+ "tenantry.organizations.max-depth (10) is 409. Publishes io.tenantry.organization.created.v1.")
	ResponseEntity<OrganizationView> create(@Valid @RequestBody OrgRequests.Create request) {
		OrganizationView created = this.organizations.create(Caller.current(), request);
		return ResponseEntity.created(URI.create("/api/organizations/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(summary = "List the tenant's organizations, or with tree=true its hierarchy",
			description = "Filters: parentId, roots=true, name (substring, ignoring case); sort name (default), "
					+ "createdAt or depth; pages from 0, size 1-100. tree=true returns nested nodes: every root, or "
					+ "the subtree of parentId.")
	Object list(@RequestParam(required = false) UUID parentId, @RequestParam(required = false) Boolean roots,
			@RequestParam(required = false) String name, @RequestParam(defaultValue = "false") boolean tree,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			@RequestParam(required = false) String sort) {
		if (tree) {
			return this.organizations.tree(Caller.current(), parentId);
		}
		return this.organizations.list(Caller.current(), parentId, roots, name, page, size, sort);
	}

	@GetMapping("/{id}")
	@Operation(summary = "An organization of the caller's tenant; another tenant's id answers 404")
	OrganizationView get(@PathVariable UUID id) {
		return this.organizations.get(Caller.current(), id);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Rename or describe an organization (org:update)",
			description = "Absent fields are left as they are. Publishes io.tenantry.organization.updated.v1.")
	OrganizationView update(@PathVariable UUID id, @Valid @RequestBody OrgRequests.Update request) {
		return this.organizations.update(Caller.current(), id, request);
	}

	@PostMapping("/{id}/move")
	@Operation(summary = "Move an organization and its subtree under another parent, or to the root (parentId null)",
			description = "Needs org:update on it and org:create-child on the new parent (to the root: OWNER or ADMIN). "
					+ "Under itself or a descendant is 409, as is a move past the depth limit. Publishes "
					+ "io.tenantry.organization.moved.v1.")
	OrganizationView move(@PathVariable UUID id, @RequestBody OrgRequests.Move request) {
		return this.organizations.move(Caller.current(), id, request);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete an organization (org:delete)",
			description = "One with children is 409 unless cascade=true, which deletes the whole subtree and its "
					+ "memberships, publishing organization.deleted and member-removed for each.")
	ResponseEntity<Void> delete(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean cascade) {
		this.organizations.delete(Caller.current(), id, cascade);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/stats")
	@Operation(summary = "Children, descendants, members (direct, in the subtree, by role) and depth")
	Map<String, Object> stats(@PathVariable UUID id) {
		return this.organizations.stats(Caller.current(), id);
	}

	@PostMapping("/{id}/users")
	@Operation(summary = "Add a member with a role (members:manage)",
			description = "The user must be a user of the tenant (400 naming userId otherwise); the role a built-in "
					+ "or the tenant's own (400 naming role). Already a member: 409. Publishes member-added.")
	ResponseEntity<Memberships.MemberView> addMember(@PathVariable UUID id,
			@Valid @RequestBody OrgRequests.AddMember request) {
		Memberships.MemberView member = this.memberships.add(Caller.current(), id, request);
		return ResponseEntity.created(URI.create("/api/organizations/" + id + "/users/" + member.userId()))
			.body(member);
	}

	@PutMapping("/{id}/users/{userId}")
	@Operation(summary = "Change a member's role (members:manage); publishes member-role-changed")
	Memberships.MemberView changeRole(@PathVariable UUID id, @PathVariable UUID userId,
			@Valid @RequestBody OrgRequests.ChangeRole request) {
		return this.memberships.changeRole(Caller.current(), id, userId, request);
	}

	@DeleteMapping("/{id}/users/{userId}")
	@Operation(summary = "Remove a member (members:manage); publishes member-removed")
	ResponseEntity<Void> removeMember(@PathVariable UUID id, @PathVariable UUID userId) {
		this.memberships.remove(Caller.current(), id, userId);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/users")
	@Operation(summary = "The organization's direct members (members:read, or OWNER, ADMIN, AUDITOR, SECURITY_ADMIN)",
			description = "Filters: role, q (in the email); sort email (default), role or createdAt; paged.")
	PageResponse<Memberships.MemberView> members(@PathVariable UUID id, @RequestParam(required = false) String role,
			@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, @RequestParam(required = false) String sort) {
		return this.memberships.list(Caller.current(), id, role, q, page, size, sort);
	}

	@GetMapping("/{id}/users/{userId}/permissions")
	@Operation(summary = "A user's effective permissions in the organization, and where each comes from",
			description = "The nearest membership on the way up from the organization to its root decides; the ones "
					+ "above it are listed as overridden. The user themselves, or whoever may read the members.")
	EffectivePermissions.Result permissions(@PathVariable UUID id, @PathVariable UUID userId) {
		return this.memberships.permissions(Caller.current(), id, userId);
	}

}
