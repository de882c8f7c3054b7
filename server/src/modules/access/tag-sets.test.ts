/**
 * Issue 17: the lists filter by tag set (tag-sets.ts, migration 0011's `tag_set_of` trigger).
 * The trigger keeps every row's `tag_set_id` whatever statement saves it, and a server's kept
 * sets notice every set another writer adds — a set with a higher id, and one that commits after a
 * higher one — so that no one's list misses a pipeline they may read, nor shows one they may not.
 */
import { and, count, eq, max, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etagOf } from '../../../contract/versions';
import { clusters, pipelines, tagSetCounts, tagSets } from '../../db/schema';
import { accessScene, ok, type AccessScene } from '../../testing/access-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Listed {
  items: { name: string }[];
  total: number;
}

/** A pipeline saved straight into the table, as another server (or a script) would. */
async function insertPipeline(scene: AccessScene, name: string, tags: string[]) {
  const now = new Date();
  const [row] = await t.deps.db
    .insert(pipelines)
    .values({
      accountId: scene.admin.accountId,
      name,
      project: 'elsewhere',
      tags,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

async function tagSetOf(tags: string[], accountId: string, resourceType = 'pipeline') {
  const [row] = await t.deps.db
    .select({ id: tagSets.id })
    .from(tagSets)
    .where(
      and(
        eq(tagSets.accountId, accountId),
        sql`${tagSets.resourceType} = ${resourceType}`,
        sql`${tagSets.tags} = ${sql.raw(`'{${tags.join(',')}}'::text[]`)}`,
      ),
    );
  return row?.id;
}

/** `tag_set_counts` says how many sets the account has and the highest id, as the table does. */
async function expectCountsKept(accountId: string) {
  const [kept] = await t.deps.db
    .select({ sets: tagSetCounts.sets, lastId: tagSetCounts.lastId })
    .from(tagSetCounts)
    .where(eq(tagSetCounts.accountId, accountId));
  const [actual] = await t.deps.db
    .select({ sets: count(), lastId: max(tagSets.id) })
    .from(tagSets)
    .where(eq(tagSets.accountId, accountId));
  expect(kept).toEqual(actual);
}

describe('tag sets (issue 17)', () => {
  it('keeps every row’s tag set, whatever statement writes it', async () => {
    const scene = await accessScene(t);
    const created = await scene.pipeline('kept', ['eu', 'qa']);
    const euQa = await tagSetOf(['eu', 'qa'], scene.admin.accountId);
    expect(euQa).toBeDefined();
    const [row] = await t.deps.db.select().from(pipelines).where(eq(pipelines.id, created.id));
    expect(row!.tagSetId).toBe(euQa);

    // A wrong set written on purpose is put right; so is a change of tags.
    await t.deps.db.update(pipelines).set({ tagSetId: null }).where(eq(pipelines.id, created.id));
    const [kept] = await t.deps.db.select().from(pipelines).where(eq(pipelines.id, created.id));
    expect(kept!.tagSetId).toBe(euQa);
    await t.deps.db
      .update(pipelines)
      .set({ tags: ['us'] })
      .where(eq(pipelines.id, created.id));
    const [changed] = await t.deps.db.select().from(pipelines).where(eq(pipelines.id, created.id));
    expect(changed!.tagSetId).toBe(await tagSetOf(['us'], scene.admin.accountId));

    // Clusters have sets of their own, apart from pipelines' with the same tags.
    const cluster = await scene.cluster('kept', ['eu', 'qa']);
    const [clusterRow] = await t.deps.db.select().from(clusters).where(eq(clusters.id, cluster.id));
    expect(clusterRow!.tagSetId).toBe(
      await tagSetOf(['eu', 'qa'], scene.admin.accountId, 'cluster'),
    );
    expect(clusterRow!.tagSetId).not.toBe(euQa);
    await expectCountsKept(scene.admin.accountId);
  });

  it('adds one set when several writers bring it at once', async () => {
    const scene = await accessScene(t);
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, n) => scene.pipeline(`at-once-${n}`, ['fresh', 'together'])),
    );
    const [fresh] = await t.deps.db
      .select({ sets: count() })
      .from(tagSets)
      .where(
        and(
          eq(tagSets.accountId, scene.admin.accountId),
          sql`${tagSets.tags} = '{fresh,together}'::text[]`,
        ),
      );
    expect(fresh?.sets).toBe(1);
    const rows = await t.deps.db
      .select({ tagSetId: pipelines.tagSetId })
      .from(pipelines)
      .where(eq(pipelines.accountId, scene.admin.accountId));
    expect(new Set(rows.map((row) => row.tagSetId)).size).toBe(1);
    expect(rows).toHaveLength(created.length);
    await expectCountsKept(scene.admin.accountId);
  });

  it('lists what another writer adds at once, even a set that commits after a higher one', async () => {
    const scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const team = await scene.team('readers');
    await scene.rule({ teamId: team, resourceType: 'pipeline', privileges: ['read'], tags: ['x'] });
    const person = await scene.person([team]);
    await scene.pipeline('first', ['x']);
    const names = async () => {
      const page = await ok<Listed>(person.get('/api/pipelines'));
      expect(page.total).toBe(page.items.length);
      return page.items.map((item) => item.name).sort();
    };
    expect(await names()).toEqual(['first']);

    // A new set (a higher id), added behind this server's back.
    await insertPipeline(scene, 'second', ['x', 'y']);
    await insertPipeline(scene, 'hidden', ['y']);
    expect(await names()).toEqual(['first', 'second']);

    // A set whose id is lower than one already read: what a transaction that took its id first
    // but committed last leaves (added here as the trigger adds it, with its count).
    await t.deps.db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into tag_sets (id, account_id, resource_type, tags) overriding system value
            values (-1 - (select count(*) from tag_sets)::int, ${scene.admin.accountId}, 'pipeline', '{x,z}')`,
      );
      await tx.execute(
        sql`update tag_set_counts set sets = sets + 1 where account_id = ${scene.admin.accountId}`,
      );
    });
    await insertPipeline(scene, 'late', ['x', 'z']);
    expect((await tagSetOf(['x', 'z'], scene.admin.accountId))!).toBeLessThan(0);
    expect(await names()).toEqual(['first', 'late', 'second']);

    // A set whose id is far from the others' (other accounts' sets in between): the readable
    // sets go to the database as a list of ids instead of a bitmap of the whole range.
    await t.deps.db.execute(
      sql`with added as (
            insert into tag_sets (id, account_id, resource_type, tags) overriding system value
            values (2000000000 - (select count(*) from tag_sets)::int, ${scene.admin.accountId}, 'pipeline', '{v,x}')
            returning id
          )
          update tag_set_counts set sets = sets + 1, last_id = (select id from added)
          where account_id = ${scene.admin.accountId}`,
    );
    await insertPipeline(scene, 'far', ['v', 'x']);
    await insertPipeline(scene, 'far-hidden', ['v']);
    expect(await names()).toEqual(['far', 'first', 'late', 'second']);

    // A tag change to a set no one has carried yet, through the API.
    const moved = await scene.pipeline('moved', ['y']);
    expect(await names()).toEqual(['far', 'first', 'late', 'second']);
    await ok(
      scene.admin.patch(
        `/api/pipelines/${moved.id}`,
        { addTags: ['x', 'w'] },
        { headers: { 'if-match': etagOf(moved.version) } },
      ),
    );
    expect(await names()).toEqual(['far', 'first', 'late', 'moved', 'second']);
  });

  it('filters clusters by their own sets', async () => {
    const scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const team = await scene.team('cluster-readers');
    await scene.rule({ teamId: team, resourceType: 'cluster', privileges: ['read'], tags: ['x'] });
    const person = await scene.person([team]);
    await scene.cluster('seen', ['x']);
    await scene.cluster('unseen', ['y']);
    const page = await ok<Listed>(person.get('/api/clusters'));
    expect(page.items.map((item) => item.name)).toEqual(['seen']);
    expect(page.total).toBe(1);
  });
});
