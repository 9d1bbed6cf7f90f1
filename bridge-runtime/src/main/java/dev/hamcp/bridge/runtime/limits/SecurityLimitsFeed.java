package dev.hamcp.bridge.runtime.limits;

import dev.hamcp.bridge.api.limits.SecurityLimitsEvent;
import dev.hamcp.bridge.query.access.ViewFeed;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** The two feeds of the security limits view ({@link ViewFeed}), and the follower's node-local token. */
@Configuration(proxyBeanMethods = false)
class SecurityLimitsFeed {

    /** The view is node-local memory: its follower reads the whole history at every start, from its own token. */
    @Bean
    ConfigurerModule securityLimitsTokenStore() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerTokenStore(
                SecurityLimitsView.FOLLOWER_PROCESSOR, config -> new InMemoryTokenStore()));
    }

    /** This node's own changes, applied as they commit, so the PUT's answer already holds. */
    @Component
    @ProcessingGroup(SecurityLimitsView.LOCAL_PROCESSOR)
    static class Local extends ViewFeed {

        Local(SecurityLimitsView view) {
            super(Delivery.AFTER_COMMIT);
            route(SecurityLimitsEvent.class, view::apply);
        }
    }

    /** The whole store: other nodes' changes, and the history at start-up. */
    @Component
    @ProcessingGroup(SecurityLimitsView.FOLLOWER_PROCESSOR)
    static class Follower extends ViewFeed {

        Follower(SecurityLimitsView view) {
            super(Delivery.AS_READ);
            route(SecurityLimitsEvent.class, view::apply);
        }
    }
}
