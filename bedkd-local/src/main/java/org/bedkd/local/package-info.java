/**
 * The whole system on one machine: {@link org.bedkd.local.LocalStack} starts a real KRaft broker, creates the topics
 * with their declared partitions and runs the three services' fast-jars as processes; {@link org.bedkd.local.Demo}
 * drives a purification job through the HTTP API, as a user's pipeline would.
 */
package org.bedkd.local;
