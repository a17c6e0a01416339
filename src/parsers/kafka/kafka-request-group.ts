/**
 * The consumer group a logged Kafka request names in its body (apache/kafka
 * clients/src/main/resources/common/message/*Request.json, the fields with `"entityType": "groupId"`),
 * for the group APIs only:
 *
 * | api | field(s) |
 * |---|---|
 * | JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, TxnOffsetCommit, OffsetDelete, ConsumerGroupHeartbeat | `GroupId` |
 * | OffsetFetch | `GroupId` (v0–7), `Groups[].GroupId` (v8+, one entry per group) |
 * | DescribeGroups | `Groups` ([]string; `group_ids` before Kafka 2.4) |
 * | DeleteGroups | `GroupsNames` ([]string; `groups` before Kafka 2.4) |
 * | ConsumerGroupDescribe | `GroupIds` ([]string) |
 * | FindCoordinator | `Key` (v0: `group_id`; 1.x–2.3: `coordinator_key`) or `CoordinatorKeys` (v4+), when the key type is 0 (group) |
 *
 * The body as the broker logs it: RequestConvertToJson's JSON (`"request":{"groupId":"g",…}`,
 * Kafka ≥ 2.8, JSON-escaped strings), Struct.toString (`{group_id=g,generation_id=1,…}`, Kafka
 * 0.10–2.7: snake_case names, unquoted values, `,` between fields and list elements) and the
 * generated `*RequestData.toString` (`JoinGroupRequestData(groupId='g', …)`, `groups=[a, b]`:
 * TRACE `received request` lines and request descriptions in errors, Kafka ≥ 2.4). The group is
 * given only when the body names exactly one (empty ids, as the generated toString prints the unused
 * `groupId=''` of OffsetFetch v8+, do not count); a list of several gives none.
 */

/** Request names (kafka-fields.ts requestTypeOf) of the APIs whose body names consumer groups. */
export const GROUP_APIS: ReadonlySet<string> = new Set([
  'JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetCommit', 'TxnOffsetCommit', 'OffsetFetch', 'OffsetDelete',
  'ConsumerGroupHeartbeat', 'DescribeGroups', 'DeleteGroups', 'ConsumerGroupDescribe', 'FindCoordinator',
]);

/** A field naming one group (name in 1) or a list of them (name in 2), JSON form. */
const JSON_FIELD = /[{,]"(groupId|key)":"|[{,]"(groups|groupsNames|groupIds|coordinatorKeys)":\[/g;
/** The same in the text forms: Struct `{group_id=g,…}` / `groups=[a,b]`, RequestData `(groupId='g', …)` / `groups=[a, b]`. */
const TEXT_FIELD = /[{(,] ?(group_id|groupId|coordinator_key|key)=|[{(,] ?(group_ids|groups|groups_names|groupsNames|groupIds|coordinatorKeys)=\[/g;
/** FindCoordinator's key type (0 = group, 1 = transaction, 2 = share); absent in v0 (a group). */
const KEY_TYPE = /[{(,] ?"?(?:keyType|key_type|coordinator_type)"?[:=](\d+)/;

/** The group ids a body names (distinct, non-empty): the first, and whether another differs. */
class Groups {
  first = '';
  several = false;

  add(id: string): void {
    if (id === '' || this.several) return;
    if (this.first === '') this.first = id;
    else if (id !== this.first) this.several = true;
  }
}

/**
 * The one consumer group the request body `msg[from, to)` of api `requestType` names, or
 * undefined (not a group API, no group, several). `json`: the RequestConvertToJson form.
 */
export function requestBodyGroup(msg: string, from: number, to: number, json: boolean, requestType: string): string | undefined {
  if (!GROUP_APIS.has(requestType) || from < 0) return undefined;
  const body = msg.slice(from, to > from ? to : msg.length);
  const coordinator = requestType === 'FindCoordinator';
  if (coordinator) {
    const kt = KEY_TYPE.exec(body);
    if (kt !== null && kt[1] !== '0') return undefined;
  }
  const g = new Groups();
  const re = json ? JSON_FIELD : TEXT_FIELD;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (!g.several && (m = re.exec(body)) !== null) {
    const single = m[1];
    const name = single ?? m[2]!;
    // `key` / `coordinator_key` / `coordinatorKeys` are FindCoordinator's only
    if (name.charCodeAt(0) !== 103 /* g */ && !coordinator) continue;
    const p = m.index + m[0].length;
    if (single !== undefined) {
      if (json) addJsonString(g, body, p);
      else addTextValue(g, body, p);
    } else if (json) addJsonList(g, body, p);
    else addTextList(g, body, p);
  }
  return g.several || g.first === '' ? undefined : g.first;
}

/** End of the JSON string whose content starts at p (the index of its closing `"`), or -1. */
function jsonStringEnd(s: string, p: number): number {
  for (let i = p; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) return i;
    if (c === 92) i++;
  }
  return -1;
}

/** Adds the JSON string starting at p (after its `"`); returns the index after it, or -1. */
function addJsonString(g: Groups, s: string, p: number): number {
  const e = jsonStringEnd(s, p);
  if (e < 0) return -1;
  const raw = s.slice(p, e);
  if (raw.indexOf('\\') < 0) g.add(raw);
  else {
    try {
      g.add(JSON.parse('"' + raw + '"') as string);
    } catch {
      g.several = true; // unreadable: give nothing
    }
  }
  return e + 1;
}

/** Adds the strings of the JSON list starting at p (after its `[`); a list of objects is read by its `groupId`s. */
function addJsonList(g: Groups, s: string, p: number): void {
  while (p >= 0 && p < s.length) {
    const c = s.charCodeAt(p);
    if (c === 93 /* ] */ || c !== 34) return;
    p = addJsonString(g, s, p + 1);
    if (p < 0 || s.charCodeAt(p) !== 44 /* , */) return;
    p++;
  }
}

/**
 * Adds the text-form value at p: RequestData's `'g'` (ends at a `'` before `,` / `)`) or `null`,
 * Struct's unquoted `g` (ends at `,` / `}`).
 */
function addTextValue(g: Groups, s: string, p: number): void {
  if (s.charCodeAt(p) === 39 /* ' */) {
    let e = s.indexOf("'", p + 1);
    while (e >= 0 && e + 1 < s.length && s.charCodeAt(e + 1) !== 44 && s.charCodeAt(e + 1) !== 41) e = s.indexOf("'", e + 1);
    if (e < 0) return;
    g.add(s.slice(p + 1, e));
    return;
  }
  let e = p;
  while (e < s.length) {
    const c = s.charCodeAt(e);
    if (c === 44 || c === 125 || c === 41) break;
    e++;
  }
  const v = s.slice(p, e);
  if (v !== 'null') g.add(v);
}

/**
 * Adds the elements of a text-form list at p (after its `[`): `a,b` (Struct) or `a, b`
 * (RequestData); a list of structs (`[OffsetFetchRequestGroup(groupId='g', …)]`, `[{group_id=…}]`)
 * is read by its own `groupId` fields.
 */
function addTextList(g: Groups, s: string, p: number): void {
  const e = s.indexOf(']', p);
  if (e < 0) return;
  const inner = s.slice(p, e);
  if (inner.indexOf('(') >= 0 || inner.indexOf('{') >= 0) return;
  let a = 0;
  while (a <= inner.length) {
    let b = inner.indexOf(',', a);
    if (b < 0) b = inner.length;
    let x = a;
    while (inner.charCodeAt(x) === 32) x++;
    if (b > x) g.add(inner.slice(x, b));
    a = b + 1;
  }
}
