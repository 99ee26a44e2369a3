package io.backuphub.schedule;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.ZoneId;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code clock:<name>?cron=<cron>&timezone=<zone>}: a route that runs on a cron says so in its
 * {@code from:}. The {@link RouteClock} fires it (Quartz, clustered: once across replicas), reading the
 * cron the way schedules read theirs — a time skipped by a DST change runs after the jump, never not
 * at all, which Quartz's own CronTrigger (and so camel-quartz) does not do.
 */
@Singleton
@Named("clock")
public class ClockComponent extends DefaultComponent {

    private final RouteClock clock;

    public ClockComponent(RouteClock clock) {
        this.clock = clock;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ClockEndpoint endpoint = new ClockEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getCron() == null) {
            throw new IllegalArgumentException(uri + " names no cron (clock:<name>?cron=...&timezone=...)");
        }
        return endpoint;
    }

    /** One clock: its name (the Quartz job's), its cron and its time zone (UTC when not given). */
    public static final class ClockEndpoint extends DefaultEndpoint {

        private final String name;
        private String cron;
        private String timezone = "UTC";

        ClockEndpoint(String uri, ClockComponent component, String name) {
            super(uri, component);
            this.name = name;
        }

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public String getTimezone() {
            return timezone;
        }

        public void setTimezone(String timezone) {
            this.timezone = timezone;
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("clock: only starts routes; send to them with direct: instead");
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            return new ClockConsumer(this, processor);
        }

        @Override
        public boolean isSingleton() {
            return true;
        }
    }

    /** The route's start: registered with the clock while the route runs. */
    static final class ClockConsumer extends DefaultConsumer {

        private final ClockEndpoint endpoint;

        ClockConsumer(ClockEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
            this.endpoint = endpoint;
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            ((ClockComponent) endpoint.getComponent()).clock.every(endpoint.name, endpoint.cron,
                    ZoneId.of(endpoint.timezone), this);
        }

        @Override
        protected void doStop() throws Exception {
            ((ClockComponent) endpoint.getComponent()).clock.stopped(endpoint.name, this);
            super.doStop();
        }

        /** One fire: the route runs, in the firing thread. */
        void fire() throws Exception {
            Exchange exchange = createExchange(false);
            try {
                getProcessor().process(exchange);
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("clock:" + endpoint.name + " failed", exchange,
                            exchange.getException());
                }
            } finally {
                releaseExchange(exchange, false);
            }
        }
    }
}
