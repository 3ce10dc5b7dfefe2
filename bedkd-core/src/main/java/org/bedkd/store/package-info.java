/**
 * The artifact store: a directory (a shared volume in Kubernetes) holding models, datasets and score tables that
 * services exchange by reference ({@code store:<path>} + sha256). Paths are confined to the root; writes are atomic.
 */
package org.bedkd.store;
