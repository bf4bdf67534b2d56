"""Claim clusters: claims that state the same thing are one cluster, shown as one row of the queue under its
canonical claim, with the cluster's size, outlets and first and latest appearance.

`claim_cluster_update` regroups the clusters around one claim from the links that define them (confirmed and
automatic duplicates, and matches at or above FACTCHECK_CLUSTER_THRESHOLD; claims.selectors.clusters). Matching
calls it for every new claim; the duplicate transition and a rejected match queue it through the outbox. It reads
the links afresh each time and writes only what differs, so a redelivered task changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connection, transaction

from claims.models import Claim
from claims.selectors.clusters import Appearance, appearances, same_claim_links
from claims.services.triage import claim_triage_refresh_around
from claims.states import OPEN_STATES, State

logger = logging.getLogger(__name__)

# One transaction-level advisory lock for every regrouping: two claims of one cluster regrouped at once would
# each see the other's old grouping and undo it.
CLUSTER_LOCK = 0x636C7573  # "clus"
# Regrouping follows links up to this many claims: a chain of matches that long shows a threshold set too low,
# not one statement.
MAX_CLUSTER = 500
# Where the desk's work is, the cluster's row is: a claim someone accepted or checked is canonical before one
# still new, and a duplicate only when every claim is one.
_WORKED = OPEN_STATES | {State.PUBLISHED}
CLUSTER_FIELDS = ["canonical", "cluster_size", "cluster_outlets", "first_seen_at", "last_seen_at"]
# A member's own figures: its canonical claim carries the cluster's.
ALONE = (1, [], None, None)


def _reach(claim_id: int) -> tuple[set[int], set[tuple[int, int]]]:
    """The claims linked to `claim_id` at any distance and those grouped with any of them now, and their links."""
    nodes, frontier = {claim_id}, {claim_id}
    links: set[tuple[int, int]] = set()
    while frontier and len(nodes) < MAX_CLUSTER:
        found, together = same_claim_links(claim_ids=frontier)
        links |= found
        frontier = ({pk for pair in found for pk in pair} | together) - nodes
        nodes |= frontier
    return nodes, links


def _components(nodes: Iterable[int], links: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = {node: node for node in nodes}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in links:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    return list(groups.values())


def _canonical_key(claim: Appearance) -> tuple:
    rank = 0 if claim.status in _WORKED else 2 if claim.status == State.DUPLICATE else 1
    return rank, claim.appeared_at, claim.id


def claim_cluster_update(*, claim_id: int) -> list[int]:
    """Regroup the clusters around the claim from their links; returns the ids of every claim of the clusters it
    looked at (whose spread triage reads), or [] when the claim no longer exists."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CLUSTER_LOCK])
        nodes, links = _reach(claim_id)
        seen = appearances(claim_ids=nodes)
        if claim_id not in seen:
            return []
        columns = ["canonical_id", *CLUSTER_FIELDS[1:]]
        current = {pk: tuple(rest) for pk, *rest in Claim.objects.filter(pk__in=list(seen)).values_list("pk", *columns)}
        changed: list[Claim] = []
        for component in _components(seen, links):
            members = [seen[pk] for pk in component]
            canonical = min(members, key=_canonical_key)
            outlets = sorted({member.outlet for member in members if member.outlet})
            first = min(member.appeared_at for member in members)
            last = max(member.appeared_at for member in members)
            for member in members:
                # The figures live on the canonical claim alone, so a claim joining a big cluster writes two rows.
                wanted = (
                    (None, len(members), outlets, first, last) if member.id == canonical.id else (canonical.id, *ALONE)
                )
                if current.get(member.id) != wanted:
                    changed.append(
                        Claim(
                            pk=member.id,
                            canonical_id=wanted[0],
                            cluster_size=wanted[1],
                            cluster_outlets=wanted[2],
                            first_seen_at=wanted[3],
                            last_seen_at=wanted[4],
                        )
                    )
        if changed:
            changed.sort(key=lambda claim: claim.pk)
            Claim.objects.bulk_update(changed, CLUSTER_FIELDS)
            logger.info("claim %s: regrouped %d claims", claim_id, len(changed))
    return sorted(seen)


def claim_regroup(*, claim_id: int) -> list[int]:
    """Regroup the clusters around the claim and rescore what that changed (claims.services.triage)."""
    cluster = claim_cluster_update(claim_id=claim_id)
    if cluster:
        claim_triage_refresh_around(claim_id=claim_id)
    return cluster
