package io.tenantry.user.account;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.user.events.AccountUnlocked;
import io.tenantry.user.events.UserCreated;
import io.tenantry.user.events.UserDeleted;
import io.tenantry.user.events.UserRolesChanged;
import io.tenantry.user.events.UserStatusChanged;
import io.tenantry.user.events.UserUpdated;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The users of the caller's tenant: who may change whom, the roles one may grant, the
 * last owner, and an event for every change.
 * <ul>
 * <li>OWNER and ADMIN manage users; only an OWNER grants or removes OWNER or changes an
 * OWNER's account; {@code PLATFORM_ADMIN} exists only in the platform tenant.</li>
 * <li>Anyone edits their own profile (email, display name), never their roles or
 * status.</li>
 * <li>A tenant keeps at least one active owner: the change that would remove the last
 * one is refused (409). Changes to owners serialise on a per-tenant lock.</li>
 * <li>A tenant has at most as many accounts as its plan allows: the one past the limit is
 * refused (403 {@code plan-limit-exceeded}), and every creation or deletion reports the new
 * number of accounts on {@code tenantry.usage.v1} ({@link Seats}).</li>
 * </ul>
 */
@Service
public class Users {

	private static final long OWNERS_LOCK = 0x7e_4a_47_02L;

	private final UserAccountRepository accounts;

	private final Credentials credentials;

	private final EventOutbox events;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher publisher;

	private final Seats seats;

	private final Clock clock;

	Users(UserAccountRepository accounts, Credentials credentials, EventOutbox events, JdbcTemplate jdbc,
			ApplicationEventPublisher publisher, Seats seats, Clock clock) {
		this.accounts = accounts;
		this.credentials = credentials;
		this.events = events;
		this.jdbc = jdbc;
		this.publisher = publisher;
		this.seats = seats;
		this.clock = clock;
	}

	@Transactional
	public UserView create(Caller caller, UserRequests.Create request) {
		caller.requireManager();
		List<String> roles = grantable(caller, request.roles());
		String email = request.email().strip();
		if (this.accounts.findByEmail(email).isPresent()) {
			throw new ConflictException("A user with email " + email + " already exists in this tenant");
		}
		String hash = null;
		if (request.password() != null) {
			hash = this.credentials.hashNewPassword(request.password(), email, List.of());
		}
		// the seat is taken after the hashing: its lock is held until commit, and concurrent
		// creations in the tenant wait for the count, never for a hash
		this.seats.admit(caller.tenantId());
		Instant now = this.clock.instant();
		UserAccount account = new UserAccount(caller.tenantId(), email, blankToNull(request.displayName()), hash,
				roles, now);
		try {
			this.accounts.saveAndFlush(account);
		}
		catch (DataIntegrityViolationException ex) {
			throw new ConflictException("A user with email " + email + " already exists in this tenant");
		}
		if (hash != null) {
			this.credentials.remember(account, hash);
		}
		else {
			this.credentials.invite(account);
		}
		this.events.append(Topics.USER, UserCreated.TYPE, account.getId().toString(),
				new UserCreated(account.getTenantId(), account.getId(), account.getEmail(), account.getDisplayName(),
						account.getRoles(), account.getStatus().name()));
		this.seats.report(account.getTenantId());
		return UserView.of(account);
	}

	@Transactional(readOnly = true)
	public UserView get(Caller caller, UUID id) {
		if (!caller.is(id) && !caller.hasAnyRole(Role.USER_READERS)) {
			throw new AccessDeniedException("Only the user or a user administrator may read this user");
		}
		return UserView.of(find(id));
	}

	@Transactional
	public UserView update(Caller caller, UUID id, UserRequests.Update request) {
		caller.requireSelfOrManager(id);
		UserAccount account = this.accounts.findForUpdate(id).orElseThrow(() -> notFound(id));
		boolean manager = caller.canManageUsers();
		boolean rolesChange = request.roles() != null
				&& !Set.copyOf(request.roles()).equals(Set.copyOf(account.getRoles()));
		boolean statusChange = request.status() != null && request.status() != account.getStatus();
		if ((rolesChange || statusChange) && !manager) {
			throw new AccessDeniedException("Only OWNER or ADMIN may change roles or status");
		}
		if ((rolesChange || statusChange) && account.hasAnyRole(Role.OWNERS) && !caller.hasAnyRole(Role.OWNERS)) {
			throw new AccessDeniedException("Only an OWNER may change an owner's roles or status");
		}
		Instant now = this.clock.instant();
		List<String> changed = new ArrayList<>();
		if (request.email() != null && !request.email().strip().equalsIgnoreCase(account.getEmail())) {
			String email = request.email().strip();
			this.accounts.findByEmail(email).ifPresent((other) -> {
				throw new ConflictException("A user with email " + email + " already exists in this tenant");
			});
			account.changeEmail(email, now);
			changed.add("email");
		}
		if (request.displayName() != null && !Objects.equals(blankToNull(request.displayName()), account.getDisplayName())) {
			account.rename(blankToNull(request.displayName()), now);
			changed.add("displayName");
		}
		List<String> previousRoles = account.getRoles();
		AccountStatus previousStatus = account.getStatus();
		if (rolesChange) {
			List<String> roles = grantable(caller, request.roles());
			boolean losesOwner = Role.anyIn(previousRoles, Role.OWNERS) && !Role.anyIn(roles, Role.OWNERS);
			if (losesOwner && account.isActive()) {
				requireAnotherActiveOwner(account);
			}
			account.changeRoles(roles, now);
		}
		if (statusChange) {
			if (account.hasAnyRole(Role.OWNERS) && account.isActive()) {
				requireAnotherActiveOwner(account);
			}
			account.changeStatus(request.status(), now);
		}
		try {
			this.accounts.saveAndFlush(account);
		}
		catch (DataIntegrityViolationException ex) {
			throw new ConflictException("A user with email " + request.email() + " already exists in this tenant");
		}
		String subject = account.getId().toString();
		if (!changed.isEmpty()) {
			this.events.append(Topics.USER, UserUpdated.TYPE, subject, new UserUpdated(account.getTenantId(),
					account.getId(), account.getEmail(), account.getDisplayName(), changed));
		}
		if (rolesChange) {
			this.events.append(Topics.USER, UserRolesChanged.TYPE, subject,
					new UserRolesChanged(account.getTenantId(), account.getId(), previousRoles, account.getRoles()));
		}
		if (statusChange) {
			this.events.append(Topics.USER, UserStatusChanged.TYPE, subject, new UserStatusChanged(
					account.getTenantId(), account.getId(), previousStatus.name(), account.getStatus().name()));
			if (previousStatus == AccountStatus.LOCKED && account.isActive()) {
				this.events.append(Topics.USER, AccountUnlocked.TYPE, subject,
						new AccountUnlocked(account.getTenantId(), account.getId(), "admin"));
			}
			if (!account.isActive()) {
				this.publisher.publishEvent(new AccessWithdrawn(account.getTenantId(), account.getId(), "user-disabled"));
			}
		}
		return UserView.of(account);
	}

	@Transactional
	public void delete(Caller caller, UUID id) {
		caller.requireManager();
		UserAccount account = this.accounts.findForUpdate(id).orElseThrow(() -> notFound(id));
		if (account.hasAnyRole(Role.OWNERS)) {
			if (!caller.hasAnyRole(Role.OWNERS)) {
				throw new AccessDeniedException("Only an OWNER may delete an owner");
			}
			if (account.isActive()) {
				requireAnotherActiveOwner(account);
			}
		}
		this.seats.hold(account.getTenantId());
		// Sessions, refresh tokens, pending tokens and MFA data go with the row (on delete cascade).
		this.accounts.delete(account);
		this.accounts.flush();
		this.events.append(Topics.USER, UserDeleted.TYPE, id.toString(),
				new UserDeleted(account.getTenantId(), account.getId(), account.getEmail()));
		this.seats.report(account.getTenantId());
	}

	UserAccount find(UUID id) {
		return this.accounts.findById(id).orElseThrow(() -> notFound(id));
	}

	/** Checks and normalises the roles {@code caller} asks to grant. */
	private List<String> grantable(Caller caller, List<String> requested) {
		Set<String> roles = new LinkedHashSet<>();
		for (String name : requested) {
			Role role;
			try {
				role = Role.valueOf(name.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequestException("roles", "unknown role '" + name + "'; one of " + List.of(Role.values()));
			}
			if (role == Role.PLATFORM_ADMIN && !(PlatformTenant.ID.equals(caller.tenantId())
					&& caller.hasAnyRole(Set.of(Role.PLATFORM_ADMIN)))) {
				throw new InvalidRequestException("roles", "PLATFORM_ADMIN exists only in the platform tenant");
			}
			if (role == Role.OWNER && !caller.hasAnyRole(Role.OWNERS)) {
				throw new AccessDeniedException("Only an OWNER may grant OWNER");
			}
			roles.add(role.name());
		}
		return List.copyOf(roles);
	}

	private void requireAnotherActiveOwner(UserAccount account) {
		this.jdbc.queryForObject("select pg_advisory_xact_lock(?, hashtext(?))", Object.class, (int) OWNERS_LOCK,
				account.getTenantId().toString());
		Integer others = this.jdbc.queryForObject("""
				select count(*) from user_account
				where status = 'ACTIVE' and id <> ? and roles && array['OWNER', 'PLATFORM_ADMIN']
				""", Integer.class, account.getId());
		if (others == null || others == 0) {
			throw new ConflictException("The tenant must keep at least one active OWNER");
		}
	}

	static ResourceNotFoundException notFound(UUID id) {
		return new ResourceNotFoundException("User", id);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
