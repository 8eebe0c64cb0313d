package io.tenantry.tenant.tenant;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.transaction.annotation.Transactional;

@Transactional(readOnly = true)
interface TenantRepository extends JpaRepository<Tenant, UUID> {

}
