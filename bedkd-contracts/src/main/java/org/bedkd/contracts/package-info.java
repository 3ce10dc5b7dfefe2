/**
 * The wire contract between the BeDKD services: topic names, the CloudEvents-style {@link
 * org.bedkd.contracts.Envelope}, one record per event type, and the JSON codec that enforces schema versions. Large
 * things (models, datasets, score tables) never travel in events: they are artifacts referenced by {@link
 * org.bedkd.contracts.ArtifactRef} (URI + sha256).
 */
package org.bedkd.contracts;
