package io.tenantry.organization.org;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxDepth how many levels deep organizations may nest, the root being level 1
 * @param invitationTtl how long an invitation's token can be accepted
 */
@ConfigurationProperties("tenantry.organizations")
record OrganizationProperties(@DefaultValue("10") int maxDepth, @DefaultValue("7d") Duration invitationTtl) {

}
