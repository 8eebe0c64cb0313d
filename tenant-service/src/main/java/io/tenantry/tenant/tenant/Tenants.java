package io.tenantry.tenant.tenant;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.tenant.events.TenantCreated;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates tenants: a platform operator's act. The row and its event belong to the new
 * tenant (its RLS policy and its Kafka key), so they are written as that tenant.
 */
@Service
class Tenants {

	private final TenantRepository tenants;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Tenants(TenantRepository tenants, EventOutbox events, TransactionTemplate transactions, Clock clock) {
		this.tenants = tenants;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	TenantResponse create(Authentication caller, TenantRequests.Create request) {
		requirePlatformAdmin(caller);
		UUID id = UUID.randomUUID();
		Tenant tenant = new Tenant(id, request.slug(), request.name().strip(), request.plan(), this.clock.instant());
		try {
			return TenantContext.callAs(id, () -> this.transactions.execute((tx) -> {
				this.tenants.saveAndFlush(tenant);
				this.events.append(Topics.TENANT, TenantCreated.TYPE, id.toString(), new TenantCreated(id,
						tenant.getSlug(), tenant.getName(), tenant.getPlan().name(), tenant.getStatus().name(),
						request.ownerEmail()));
				return TenantResponse.of(tenant);
			}));
		}
		catch (DataIntegrityViolationException ex) {
			throw new ConflictException("The slug " + request.slug() + " is taken");
		}
	}

	private static void requirePlatformAdmin(Authentication caller) {
		boolean platformAdmin = caller.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(Set.of("ROLE_PLATFORM_ADMIN")::contains);
		if (!platformAdmin || !PlatformTenant.ID.equals(TenantContext.tenantOf(caller).orElse(null))) {
			throw new AccessDeniedException("Only a PLATFORM_ADMIN may create tenants");
		}
	}

}
