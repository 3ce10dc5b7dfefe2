/**
 * Adapters every service shares: the artifact store and job inputs from config and events, event encoding and
 * emission with Kafka keys, the {@link org.bedkd.service.StageRunner} that makes a stage idempotent, cancellable,
 * observable and failure-safe, the bearer-token filter and the HTTP error mapping.
 */
package org.bedkd.service;
