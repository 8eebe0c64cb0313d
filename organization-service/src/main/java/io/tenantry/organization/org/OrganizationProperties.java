package io.tenantry.organization.org;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param maxDepth how many levels deep organizations may nest, the root being level 1 */
@ConfigurationProperties("tenantry.organizations")
record OrganizationProperties(@DefaultValue("10") int maxDepth) {

}
