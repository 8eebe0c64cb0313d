package io.tenantry.organization.org;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class InvitationController {

	private final Invitations invitations;

	InvitationController(Invitations invitations) {
		this.invitations = invitations;
	}

	@PostMapping("/api/organizations/{id}/invitations")
	@Operation(summary = "Invite an address to the organization with a role (members:manage)",
			description = "The token is mailed (locally: the mailbox) and kept only hashed; valid 7 days. One pending "
					+ "invitation per address and organization (409); a member already is 409. An address that is "
					+ "not a user of the tenant takes a seat of its plan: when the tenant's users (every status) and "
					+ "the other new addresses of its open invitations already reach the plan's users limit, 403 "
					+ "plan-limit-exceeded (metric users, limit, plan, used). Publishes "
					+ "io.tenantry.organization.invitation-created.v1.")
	ResponseEntity<Invitations.InvitationView> invite(@PathVariable UUID id,
			@Valid @RequestBody OrgRequests.Invite request) {
		Invitations.InvitationView created = this.invitations.create(Caller.current(), id, request);
		return ResponseEntity.created(URI.create("/api/organizations/" + id + "/invitations/" + created.id()))
			.body(created);
	}

	@GetMapping("/api/organizations/{id}/invitations")
	@Operation(summary = "The organization's invitations, newest first (members:read)",
			description = "Statuses PENDING, ACCEPTED, EXPIRED, REVOKED; overdue ones show EXPIRED.")
	List<Invitations.InvitationView> list(@PathVariable UUID id) {
		return this.invitations.list(Caller.current(), id);
	}

	@PostMapping("/api/organizations/{id}/invitations/{invitationId}/revoke")
	@Operation(summary = "Revoke a pending invitation (members:manage); publishes invitation-revoked")
	Invitations.InvitationView revoke(@PathVariable UUID id, @PathVariable UUID invitationId) {
		return this.invitations.revoke(Caller.current(), id, invitationId);
	}

	@PostMapping("/api/organizations/{id}/invitations/{invitationId}/resend")
	@Operation(summary = "Mail a pending invitation again with a new token, valid 7 days from now (members:manage)")
	Invitations.InvitationView resend(@PathVariable UUID id, @PathVariable UUID invitationId) {
		return this.invitations.resend(Caller.current(), id, invitationId);
	}

	@PostMapping("/api/organizations/invitations/accept")
	@Operation(summary = "Accept an invitation with its token (no access token needed)",
			description = "A user of the tenant with that address becomes a member at once (outcome member); "
					+ "otherwise user-service creates the account and mails its own invitation to set a password, "
					+ "and the membership follows (outcome awaiting-account). Used, revoked or expired tokens: 409; "
					+ "an unknown token: 400. Publishes invitation-accepted.")
	Invitations.Acceptance accept(@Valid @RequestBody OrgRequests.Accept request) {
		return this.invitations.accept(request.token());
	}

}
