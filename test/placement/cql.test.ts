import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CqlError, attributesRead, evaluate, formatExpression, isStatic, parseExpression,
  type CqlInstance, type Expression,
} from "../../sim/placement/cql/index.ts";

interface InstanceOptions {
  agentConnected?: boolean;
  agentVersion?: string;
  ec2InstanceId?: string;
  registeredAt?: string;
  attributes?: Record<string, string>;
  /** Groups of the tasks with desiredStatus RUNNING. */
  groups?: string[];
}

/** A t2.small in us-east-1a with agent 1.14.5, registered 2018-06-18T22:28:28Z, no tasks. */
function instance(options: InstanceOptions = {}): CqlInstance {
  const attributes: Record<string, string> = {
    "ecs.instance-type": "t2.small",
    "ecs.availability-zone": "us-east-1a",
    "ecs.os-type": "linux",
    ...options.attributes,
  };
  const groups = options.groups ?? [];
  return {
    agentConnected: options.agentConnected ?? true,
    agentVersion: options.agentVersion ?? "1.14.5",
    ec2InstanceId: options.ec2InstanceId ?? "i-abcd1234",
    registeredAtEpochMs: Date.parse(options.registeredAt ?? "2018-06-18T22:28:28Z"),
    runningTasksCount: groups.length,
    attribute: (name) => attributes[name],
    someTaskGroup: (test) => groups.some(test),
  };
}

const matches = (text: string, on: CqlInstance = instance()): boolean => evaluate(parseExpression(text), on);

/** The CqlError a parse throws, as [column, reason]. */
function failure(text: string): [number, string] {
  try {
    parseExpression(text);
  } catch (error) {
    if (!(error instanceof CqlError)) throw error;
    expect(error.message).toBe(`memberOf expression at column ${error.column}: ${error.reason}`);
    return [error.column, error.reason];
  }
  throw new Error(`${JSON.stringify(text)} parsed`);
}

describe("the examples in ECS's guide", () => {
  const t2 = instance();
  const g2 = instance({ attributes: { "ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1b" } });
  const g2InD = instance({ attributes: { "ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1d" } });
  const inC = instance({ attributes: { "ecs.availability-zone": "us-east-1c" } });
  it.each<[string, CqlInstance, boolean]>([
    ["attribute:ecs.instance-type == t2.small", t2, true],
    ["attribute:ecs.instance-type == t2.small", g2, false],
    ["attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", g2, true],
    ["attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", inC, false],
    ["attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d", g2, true],
    ["attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d", g2InD, false],
    ["attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d", t2, false],
    ["task:group == service:production", instance({ groups: ["family:web", "service:production"] }), true],
    ["task:group == service:production", instance({ groups: ["service:staging"] }), false],
    ["not(task:group == database)", instance({ groups: ["web"] }), true],
    ["not(task:group == database)", instance({ groups: ["web", "database"] }), false],
    ["not(task:group == database)", instance(), true],
    ["runningTasksCount == 1", instance({ groups: ["web"] }), true],
    ["runningTasksCount == 1", instance({ groups: ["web", "web"] }), false],
    ["agentVersion < 1.14.5", instance({ agentVersion: "1.9.0" }), true],
    ["agentVersion < 1.14.5", instance({ agentVersion: "1.14.5" }), false],
    ["registeredAt < 2018-02-13", instance({ registeredAt: "2018-02-12T23:59:59Z" }), true],
    ["registeredAt < 2018-02-13", instance({ registeredAt: "2018-02-13T00:00:00Z" }), false],
    ["ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", instance({ ec2InstanceId: "i-wxyx7890" }), true],
    ["ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", instance({ ec2InstanceId: "i-00000000" }), false],
    ["attribute:stack != prod", instance({ attributes: { stack: "dev" } }), true],
    ["attribute:stack != prod", instance({ attributes: { stack: "prod" } }), false],
    ["attribute:stack != prod", instance(), false], // no stack attribute: does not match
    ["attribute:ecs.instance-type =~ t2.*", t2, true],
    ["attribute:ecs.instance-type =~ t2.*", g2, false],
  ])("%s on %o is %s", (text, on, expected) => {
    expect(matches(text, on)).toBe(expected);
  });
});

describe("operators, in symbol and word form", () => {
  const on = instance({ attributes: { n: "5", s: "abc" } });
  it.each<[string, string, string, boolean]>([
    ["==", "equals", "attribute:n OP 5", true],
    ["==", "equals", "attribute:n OP 6", false],
    ["!=", "not_equals", "attribute:n OP 6", true],
    ["!=", "not_equals", "attribute:n OP 5", false],
    [">", "greater_than", "attribute:n OP 4", true],
    [">", "greater_than", "attribute:n OP 5", false],
    [">=", "greater_than_equal", "attribute:n OP 5", true],
    [">=", "greater_than_equal", "attribute:n OP 6", false],
    ["<", "less_than", "attribute:n OP 6", true],
    ["<", "less_than", "attribute:n OP 5", false],
    ["<=", "less_than_equal", "attribute:n OP 5", true],
    ["<=", "less_than_equal", "attribute:n OP 4", false],
    ["exists", "exists", "attribute:n OP", true],
    ["exists", "exists", "attribute:missing OP", false],
    ["!exists", "not_exists", "attribute:missing OP", true],
    ["!exists", "not_exists", "attribute:n OP", false],
    ["in", "in", "attribute:s OP [x, abc]", true],
    ["in", "in", "attribute:s OP [x, y]", false],
    ["!in", "not_in", "attribute:s OP [x, y]", true],
    ["!in", "not_in", "attribute:s OP [abc]", false],
    ["=~", "matches", "attribute:s OP a.c", true],
    ["=~", "matches", "attribute:s OP b.*", false],
    ["!~", "not_matches", "attribute:s OP b.*", true],
    ["!~", "not_matches", "attribute:s OP a.*", false],
  ])("%s / %s: %s is %s", (symbol, word, template, expected) => {
    expect(matches(template.replace("OP", symbol), on)).toBe(expected);
    expect(matches(template.replace("OP", word), on)).toBe(expected);
    expect(formatExpression(parseExpression(template.replace("OP", word)))).toBe(template.replace("OP", symbol));
  });

  it("needs no spaces around symbol operators", () => {
    expect(matches("attribute:n>=5&&attribute:s=~a.c||runningTasksCount>9")).toBe(false);
    expect(matches("attribute:n>=5&&attribute:s=~a.c", on)).toBe(true);
    expect(matches("agentVersion<=1.14.5")).toBe(true);
  });

  it("compares attributes as numbers when both sides are numbers, else as strings", () => {
    const big = instance({ attributes: { n: "10", v: "b", d: "-1.5" } });
    expect(matches("attribute:n > 9", big)).toBe(true); // "10" < "9" as strings
    expect(matches("attribute:d < -1", big)).toBe(true);
    expect(matches("attribute:v > a", big)).toBe(true);
    expect(matches("attribute:v > 1", big)).toBe(true); // "b" > "1" in code-unit order
    expect(matches("attribute:n == 10.0", big)).toBe(false); // equality is exact on strings
  });
});

describe("subjects", () => {
  it.each<[string, InstanceOptions, boolean]>([
    ["agentConnected == true", {}, true],
    ["agentConnected == true", { agentConnected: false }, false],
    ["agentConnected != true", { agentConnected: false }, true],
    ["agentConnected in [false]", { agentConnected: false }, true],
    ["agentConnected not_in [false]", {}, true],
    ["agentConnected =~ t.*", {}, true],
    ["agentConnected !~ t.*", { agentConnected: false }, true],
    ["agentVersion == 1.14.5", {}, true],
    ["agentVersion == 1.14", { agentVersion: "1.14.0" }, true],
    ["agentVersion != 1.14.5", {}, false],
    ["agentVersion > 1.9.0", {}, true], // 14 > 9 numerically, though "1.14.5" < "1.9.0" as strings
    ["agentVersion >= 1.14.5", {}, true],
    ["agentVersion < 1.14.5.1", {}, true],
    ["agentVersion <= 1.14.4", {}, false],
    ["agentVersion > 1.0.0", { agentVersion: "not-a-version" }, false],
    ["agentVersion != 1.0.0", { agentVersion: "1.x" }, false],
    ["attribute:ecs.os-type == linux", {}, true],
    ["attribute:a/b_c-d.e exists", { attributes: { "a/b_c-d.e": "" } }, true],
    ["ec2InstanceId == i-abcd1234", {}, true],
    ["ec2InstanceId != 'i-abcd1234'", {}, false],
    ["ec2InstanceId =~ i-[0-9a-f]{8}", {}, true],
    ["ec2InstanceId !~ i-[0-9a-f]{8}", {}, false],
    ["registeredAt == 2018-06-18T22:28:28Z", {}, true],
    ["registeredAt != 2018-06-18T22:28:28Z", {}, false],
    ["registeredAt > 2018-06-18", {}, true],
    ["registeredAt >= 2018-06-18T22:28:28", {}, true],
    ["registeredAt <= 2018-06-18T22:28:27", {}, false],
    ["runningTasksCount == 0", {}, true],
    ["runningTasksCount > 1", { groups: ["a", "b"] }, true],
    ["runningTasksCount >= 3", { groups: ["a", "b"] }, false],
    ["runningTasksCount < 3", { groups: ["a", "b"] }, true],
    ["runningTasksCount <= 1", { groups: ["a", "b"] }, false],
    ["runningTasksCount != 2", { groups: ["a", "b"] }, false],
    ["task:group == web", { groups: ["web"] }, true],
    ["task:group in [api, web]", { groups: ["db", "web"] }, true],
    ["task:group =~ family:.*", { groups: ["family:web"] }, true],
    ["task:group > m", { groups: ["a", "z"] }, true],
  ])("%s with %o is %s", (text, options, expected) => {
    expect(matches(text, instance(options))).toBe(expected);
  });

  it("reads each of ECS's date formats, without a zone as UTC", () => {
    const epochOf = (text: string): number => {
      const e = parseExpression(`registeredAt == ${text}`);
      return e.kind === "condition" && e.subject === "registeredAt" ? e.epochMs : Number.NaN;
    };
    const instant = Date.UTC(2018, 5, 18, 22, 28, 28);
    expect(epochOf("2018-06-18T22:28:28+00:00")).toBe(instant);
    expect(epochOf("2018-06-18T22:28:28Z")).toBe(instant);
    expect(epochOf("2018-06-18T22:28:28")).toBe(instant);
    expect(epochOf("2018-06-18")).toBe(Date.UTC(2018, 5, 18));
    expect(epochOf("2018-06-18T23:28:28+01:00")).toBe(instant);
    expect(epochOf("'2018-06-18T17:58:28-04:30'")).toBe(instant);
  });

  it("orders versions numerically, component by component", () => {
    const ascending = ["0.9", "1.0.0", "1.2.10", "1.9.0", "1.14.0", "1.14.5", "1.14.5.1", "2", "10.0.0"];
    for (const [i, a] of ascending.entries()) {
      for (const [j, b] of ascending.entries()) {
        expect(matches(`agentVersion < ${b}`, instance({ agentVersion: a }))).toBe(i < j);
        expect(matches(`agentVersion == ${b}`, instance({ agentVersion: a }))).toBe(i === j);
      }
    }
  });
});

describe("and, or, not", () => {
  const on = instance({ attributes: { a: "1", b: "1" } }); // a and b true, c false
  it.each<[string, boolean]>([
    ["attribute:a exists and attribute:c exists", false],
    ["attribute:a exists && attribute:b exists", true],
    ["attribute:c exists or attribute:a exists", true],
    ["attribute:c exists || attribute:c exists", false],
    ["not attribute:c exists", true],
    ["!attribute:a exists", false],
    ["not(attribute:a exists)", false],
    ["!(attribute:c exists)", true],
    ["not not attribute:a exists", true],
    // and binds tighter than or: a or (c and c), not (a or c) and c
    ["attribute:a exists or attribute:c exists and attribute:c exists", true],
    ["(attribute:a exists or attribute:c exists) and attribute:c exists", false],
    ["attribute:c exists and attribute:c exists or attribute:a exists", true],
    // not binds tighter than and: (not c) and a, not (c and a)
    ["not attribute:c exists and attribute:a exists", true],
    ["not attribute:a exists and attribute:c exists", false],
    ["not(attribute:a exists and attribute:c exists)", true],
    ["((attribute:a == 1) and ((attribute:b == 1)))", true],
    ["(attribute:a == 1 or attribute:b == 2) and attribute:c !exists", true],
  ])("%s is %s", (text, expected) => {
    expect(matches(text, on)).toBe(expected);
    expect(matches(formatExpression(parseExpression(text)), on)).toBe(expected);
  });

  it("groups as it reads", () => {
    expect(formatExpression(parseExpression("attribute:a exists or attribute:b exists and not attribute:c exists")))
      .toBe("attribute:a exists or attribute:b exists and not(attribute:c exists)");
    expect(formatExpression(parseExpression("(attribute:a exists || attribute:b exists) && attribute:c exists")))
      .toBe("(attribute:a exists or attribute:b exists) and attribute:c exists");
  });
});

describe("values", () => {
  const on = instance({ attributes: { note: "it's a 'b', \"c\"", empty: "", sp: "a b" } });
  it.each<[string, boolean]>([
    [`attribute:note == "it's a 'b', \\"c\\""`, false], // no escapes: the value ends at the second "
    [`attribute:sp == 'a b'`, true],
    [`attribute:sp == "a b"`, true],
    [`attribute:empty == ''`, true],
    [`attribute:sp in ['x', "a b", y]`, true],
    [`attribute:sp in [ x ,y ]`, false],
    [`attribute:sp =~ 'a\\sb'`, true],
    [`attribute:sp =~ "a b|c"`, true],
  ])("%s is %s", (text, expected) => {
    if (text.includes("\\\"")) expect(() => parseExpression(text)).toThrow(CqlError);
    else expect(matches(text, on)).toBe(expected);
  });

  it("matches a regular expression against the whole value, as Java's matches does", () => {
    const t2 = instance();
    expect(matches("attribute:ecs.instance-type =~ t2.*", t2)).toBe(true);
    expect(matches("attribute:ecs.instance-type =~ t2", t2)).toBe(false);
    expect(matches("attribute:ecs.instance-type =~ small", t2)).toBe(false);
    expect(matches("attribute:ecs.instance-type =~ t2|t2.small", t2)).toBe(true);
    expect(matches("attribute:ecs.instance-type =~ t2.(micro|small)", t2)).toBe(true);
    expect(matches("not(attribute:ecs.instance-type =~ t2\\.(micro|nano))", t2)).toBe(true);
    expect(matches("attribute:ecs.instance-type =~ [a-z][0-9]\\.[a-z]{1,5}", t2)).toBe(true);
    expect(matches("attribute:ecs.availability-zone =~ us\\-east\\-1[ab]", t2)).toBe(true); // Java's \- is accepted
    expect(matches("attribute:ecs.instance-type =~ \\p{Ll}\\d.+", t2)).toBe(true);
  });
});

describe("a missing subject", () => {
  const bare = instance();
  it.each<[string, boolean]>([
    ["attribute:stack == prod", false],
    ["attribute:stack != prod", false],
    ["attribute:stack > 1", false],
    ["attribute:stack <= 1", false],
    ["attribute:stack in [prod]", false],
    ["attribute:stack not_in [prod]", false],
    ["attribute:stack =~ .*", false],
    ["attribute:stack !~ prod", false],
    ["attribute:stack exists", false],
    ["attribute:stack !exists", true],
    ["attribute:stack not_exists", true],
    ["not(attribute:stack == prod)", true],
    ["not(attribute:stack != prod)", true],
    ["not(attribute:stack !exists)", false],
    ["task:group != database", false], // no tasks: task:group is missing
    ["task:group !~ database", false],
    ["not(task:group in [database])", true],
  ])("%s is %s", (text, expected) => {
    expect(matches(text, bare)).toBe(expected);
  });
});

describe("task:group holds when any running task's group does", () => {
  const mixed = instance({ groups: ["database", "service:web"] });
  it.each<[string, boolean]>([
    ["task:group == database", true],
    ["task:group != database", true], // service:web is not database
    ["not(task:group == database)", false],
    ["task:group not_in [database, service:web]", false],
    ["task:group !~ service:.*", true],
    ["task:group =~ service:.*", true],
    ["task:group == family:web", false],
  ])("%s is %s", (text, expected) => {
    expect(matches(text, mixed)).toBe(expected);
  });
});

describe("errors name the column and the problem", () => {
  const DATE_FORMS = "expected a date such as 2018-06-18, 2018-06-18T22:28:28, 2018-06-18T22:28:28Z or 2018-06-18T22:28:28+00:00";
  it.each<[string, string, number, string]>([
    ["unknown subject", "agentVersoin > 1.0", 1, 'unknown subject "agentVersoin" (did you mean "agentVersion"?)'],
    ["unknown subject", "ecs.instance-type == t2.small", 1, 'unknown subject "ecs.instance-type" (did you mean "attribute:ecs.instance-type"?)'],
    ["unknown subject", "attributes:stack == prod", 1, 'unknown subject "attributes:stack" (did you mean "attribute:stack"?)'],
    ["unknown subject", "attribute:a exists or task:groups == web", 23, 'unknown subject "task:groups" (did you mean "task:group"?)'],
    ["unknown subject", "x@y == 1", 1, 'unknown subject "x@y"; subjects are agentConnected, agentVersion, ec2InstanceId, registeredAt, runningTasksCount, task:group and attribute:<name>'],
    ["missing subject", "", 1, "expected a subject such as attribute:ecs.instance-type, got the end of the expression"],
    ["missing subject", "and attribute:a exists", 1, 'expected a subject such as attribute:ecs.instance-type, got "and"'],
    ["missing subject", "attribute:a exists and", 23, "expected a subject such as attribute:ecs.instance-type, got the end of the expression"],
    ["attribute name", "attribute: == x", 11, 'expected an attribute name after "attribute:"'],
    ["attribute name", "attribute:a@b == x", 12, 'invalid character "@" in attribute name "a@b"; names use letters, digits, "-", "_", "/" and "."'],
    ["unknown operator", "attribute:stack => prod", 17, 'unknown operator "=>" (did you mean "=="?)'],
    ["unknown operator", "attribute:stack equal prod", 17, 'unknown operator "equal" (did you mean "equals"?)'],
    ["unknown operator", "attribute:stack EXISTS", 17, 'unknown operator "EXISTS" (did you mean "exists"?)'],
    ["missing operator", "attribute:stack", 16, 'expected an operator after "attribute:stack", got the end of the expression'],
    ["operator not allowed", "ec2InstanceId > i-1", 15, 'operator ">" is not allowed with subject "ec2InstanceId"; allowed: ==, !=, in, not_in, =~, !~'],
    ["operator not allowed", "agentConnected exists", 16, 'operator "exists" is not allowed with subject "agentConnected"; allowed: ==, !=, in, not_in, =~, !~'],
    ["operator not allowed", "agentVersion in [1.0]", 14, 'operator "in" is not allowed with subject "agentVersion"; allowed: ==, !=, >, >=, <, <='],
    ["operator not allowed", "registeredAt matches 2018.*", 14, 'operator "matches" is not allowed with subject "registeredAt"; allowed: ==, !=, >, >=, <, <='],
    ["operator not allowed", "runningTasksCount !exists", 19, 'operator "!exists" is not allowed with subject "runningTasksCount"; allowed: ==, !=, >, >=, <, <='],
    ["operator not allowed", "task:group not_exists", 12, 'operator "not_exists" is not allowed with subject "task:group"; allowed: ==, !=, >, >=, <, <=, in, not_in, =~, !~'],
    ["missing value", "attribute:stack ==", 19, 'expected a value after "=="'],
    ["missing value", "not(attribute:stack equals)", 27, 'expected a value after "equals", got ")"'],
    ["missing value", "attribute:ecs.instance-type in", 31, 'expected a list such as [a, b] after "in"'],
    ["missing value", "attribute:ecs.instance-type in us-east-1a", 32, 'expected a list such as [a, b] after "in", got "us-east-1a"'],
    ["missing value", "attribute:a in [a,]", 19, 'expected a value in the list, got "]"'],
    ["unterminated quote", "attribute:stack == 'prod", 20, "unterminated quoted value: no closing '"],
    ["unterminated quote", 'ec2InstanceId in ["i-1", "i-2]', 26, 'unterminated quoted value: no closing "'],
    ["unbalanced parentheses", "(attribute:a exists", 20, 'unbalanced parentheses: "(" at column 1 is never closed'],
    ["unbalanced parentheses", "((attribute:a exists)", 22, 'unbalanced parentheses: "(" at column 1 is never closed'],
    ["unbalanced parentheses", "not(attribute:a exists))", 24, 'unbalanced parentheses: ")" has no matching "("'],
    ["unbalanced brackets", "attribute:a in [a, b", 21, 'unbalanced brackets: "[" at column 16 is never closed'],
    ["unbalanced brackets", "attribute:a exists]", 19, 'unbalanced brackets: "]" has no matching "["'],
    ["unbalanced brackets", "attribute:a in [a b]", 19, 'expected "," or "]" after a list value, got "b"'],
    ["empty list", "attribute:a in []", 16, 'empty list after "in": give at least one value'],
    ["empty list", "attribute:a not_in [ ]", 20, 'empty list after "not_in": give at least one value'],
    ["trailing garbage", "attribute:a exists attribute:b exists", 20, 'expected "and", "or" or the end of the expression, got "attribute:b"'],
    ["trailing garbage", "attribute:a == b c", 18, 'expected "and", "or" or the end of the expression, got "c"'],
    ["trailing garbage", "attribute:a exists AND attribute:b exists", 20, 'expected "and", "or" or the end of the expression, got "AND" (did you mean "and"?)'],
    ["trailing garbage", "(attribute:a exists attribute:b exists)", 21, 'expected "and", "or" or ")", got "attribute:b"'],
    ["bad date", "registeredAt < 2018-02-30", 16, `invalid date "2018-02-30" for registeredAt; ${DATE_FORMS}`],
    ["bad date", "registeredAt < 2018-6-18", 16, `invalid date "2018-6-18" for registeredAt; ${DATE_FORMS}`],
    ["bad date", "registeredAt < 2018-06-18T24:00:00", 16, `invalid date "2018-06-18T24:00:00" for registeredAt; ${DATE_FORMS}`],
    ["bad date", "registeredAt < '2018-06-18T22:28:28+25:00'", 16, `invalid date "2018-06-18T22:28:28+25:00" for registeredAt; ${DATE_FORMS}`],
    ["bad date", "registeredAt < yesterday", 16, `invalid date "yesterday" for registeredAt; ${DATE_FORMS}`],
    ["bad version", "agentVersion < 1.x", 16, 'invalid agent version "1.x"; expected a version such as 1.14.5'],
    ["bad version", "agentVersion < v1.14.5", 16, 'invalid agent version "v1.14.5"; expected a version such as 1.14.5'],
    ["bad version", "agentVersion < 1..2", 16, 'invalid agent version "1..2"; expected a version such as 1.14.5'],
    ["non-integer count", "runningTasksCount > 1.5", 21, 'invalid task count "1.5" for runningTasksCount; expected a whole number such as 3'],
    ["non-integer count", "runningTasksCount > -1", 21, 'invalid task count "-1" for runningTasksCount; expected a whole number such as 3'],
    ["bad regex", "attribute:a =~ t2(", 16, 'invalid regular expression "t2(": unterminated group'],
    ["bad regex", "attribute:a =~ '*'", 17, 'invalid regular expression "*": nothing to repeat'],
    ["bad regex", "attribute:a =~ ')(a'", 17, 'invalid regular expression ")(a": unmatched \')\''],
    ["bad regex", "attribute:a =~ a*+", 17, 'invalid regular expression "a*+": the possessive quantifier "*+" is Java-only syntax'],
    ["bad regex", "attribute:a =~ a++", 17, 'invalid regular expression "a++": the possessive quantifier "++" is Java-only syntax'],
    ["bad regex", "attribute:a =~ a?+", 17, 'invalid regular expression "a?+": the possessive quantifier "?+" is Java-only syntax'],
    ["bad regex", "attribute:a =~ a{2}+", 19, 'invalid regular expression "a{2}+": the possessive quantifier "}+" is Java-only syntax'],
    ["bad regex", "attribute:a =~ \\p{javaLowerCase}", 16, 'invalid regular expression "\\p{javaLowerCase}": "\\p{javaLowerCase}" is Java-only syntax'],
    ["bad regex", "attribute:a =~ \\p{Alpha}+", 16, 'invalid regular expression "\\p{Alpha}+": "\\p{Alpha}" is Java-only syntax'],
    ["bad regex", "attribute:a =~ 'x\\Ay'", 18, 'invalid regular expression "x\\Ay": "\\A" is Java-only syntax'],
    ["bad regex", "attribute:a =~ x\\Z", 17, 'invalid regular expression "x\\Z": "\\Z" is Java-only syntax'],
    ["bad regex", "attribute:a =~ x\\z", 17, 'invalid regular expression "x\\z": "\\z" is Java-only syntax'],
    ["bad regex", "attribute:a !~ \\Gx", 16, 'invalid regular expression "\\Gx": "\\G" is Java-only syntax'],
    ["bad regex", "attribute:a =~ (?i)x", 16, 'invalid regular expression "(?i)x": the inline flag group "(?i)" is Java-only syntax'],
    ["bad regex", "attribute:a =~ [a-z&&[^e]]", 20, 'invalid regular expression "[a-z&&[^e]]": character class intersection "&&" is Java-only syntax'],
    ["bad regex", "attribute:a =~ [a-d[m-p]]", 20, 'invalid regular expression "[a-d[m-p]]": a character class inside a character class ("[a-d[m-p]]") is Java-only syntax'],
    ["bad regex", "attribute:a =~ x\\v", 17, 'invalid regular expression "x\\v": "\\v" is Java-only syntax'],
    ["too long", `attribute:a == ${"x".repeat(1986)}`, 2001, "the expression is 2001 characters long; the limit is 2000"],
  ])("%s: %s", (_, text, column, reason) => {
    expect(failure(text)).toEqual([column, reason]);
  });

  it("parses deep nesting within the length limit", () => {
    expect(matches(`${"(".repeat(990)}attribute:a exists${")".repeat(990)}`, instance({ attributes: { a: "" } }))).toBe(true);
    expect(matches(`${"not ".repeat(495)}attribute:a exists`, instance({ attributes: { a: "" } }))).toBe(false);
    expect(matches(`${"!".repeat(1980)}attribute:a exists`, instance({ attributes: { a: "" } }))).toBe(true);
  });

  it("accepts an expression of exactly 2000 characters", () => {
    expect(matches(`attribute:a != ${"x".repeat(1985)}`, instance({ attributes: { a: "y" } }))).toBe(true);
  });

  it("is a CqlError with a name, column and reason", () => {
    const error = (() => { try { parseExpression("attribute:ecs.instance-type in"); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(CqlError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "CqlError", column: 31, reason: 'expected a list such as [a, b] after "in"' });
    expect((error as Error).message).toBe('memberOf expression at column 31: expected a list such as [a, b] after "in"');
  });
});

describe("what an expression reads", () => {
  it.each<[string, boolean]>([
    ["attribute:ecs.instance-type == t2.small", true],
    ["ec2InstanceId in [i-1] and registeredAt < 2018-02-13 or not(agentVersion > 1.0)", true],
    ["attribute:a exists and runningTasksCount < 3", false],
    ["not(task:group == database)", false],
    ["attribute:a exists or agentConnected == true", false],
  ])("%s is static: %s", (text, expected) => {
    expect(isStatic(parseExpression(text))).toBe(expected);
  });

  it("lists the attributes read, each once", () => {
    expect(attributesRead(parseExpression("attribute:b exists and (attribute:a == 1 or not(attribute:b != 2)) and task:group == x"))).toEqual(["b", "a"]);
    expect(attributesRead(parseExpression("runningTasksCount == 0"))).toEqual([]);
  });

  it("compiles regular expressions once, at parse time", () => {
    const e = parseExpression("attribute:ecs.instance-type =~ t2.*");
    expect(e).toMatchObject({ kind: "condition", subject: "attribute", name: "ecs.instance-type", operator: "=~", argument: { kind: "regex", source: "t2.*" } });
    expect(e.kind === "condition" && "argument" in e && e.argument.kind === "regex" && e.argument.regex.source).toBe("^(?:t2.*)$");
  });
});

/** A random well-formed expression with what it should evaluate to, judged independently. */
interface Case {
  readonly text: string;
  readonly holds: (attributes: Record<string, string>) => boolean;
}

const NAMES = ["a", "b", "c"] as const;
const VALUES = ["1", "2", "x", "x1"] as const;
const quoted = (value: string): fc.Arbitrary<string> => fc.constantFrom(value, `'${value}'`, `"${value}"`);
const spelling = (symbol: string, word: string): fc.Arbitrary<string> => fc.constantFrom(symbol, word);

const leafCase: fc.Arbitrary<Case> = fc.tuple(fc.constantFrom(...NAMES), fc.nat(5), fc.constantFrom(...VALUES), fc.constantFrom(...VALUES), fc.boolean())
  .chain(([name, kind, v, w, positive]) => {
    const subject = `attribute:${name}`;
    const present = (attrs: Record<string, string>): string | undefined => attrs[name];
    const holdsIf = (test: (value: string) => boolean) => (attrs: Record<string, string>) => {
      const value = present(attrs);
      return value !== undefined && test(value);
    };
    switch (kind) {
      case 0:
        return fc.tuple(positive ? spelling("==", "equals") : spelling("!=", "not_equals"), quoted(v)).map(([op, value]) => ({
          text: `${subject} ${op} ${value}`, holds: holdsIf((x) => (x === v) === positive),
        }));
      case 1:
        return (positive ? fc.constant("exists") : spelling("!exists", "not_exists")).map((op) => ({
          text: `${subject} ${op}`, holds: (attrs: Record<string, string>) => (present(attrs) !== undefined) === positive,
        }));
      case 2:
        return fc.tuple(positive ? fc.constant("in") : spelling("!in", "not_in"), quoted(v), quoted(w)).map(([op, a, b]) => ({
          text: `${subject} ${op} [${a},${b}]`, holds: holdsIf((x) => (x === v || x === w) === positive),
        }));
      case 3:
        return fc.tuple(positive ? spelling("=~", "matches") : spelling("!~", "not_matches"), quoted(`${v}.*`)).map(([op, re]) => ({
          text: `${subject} ${op} ${re}`, holds: holdsIf((x) => x.startsWith(v) === positive),
        }));
      default: {
        // Ordering: numeric when both sides are numbers, else code-unit order.
        const compare = (x: string): number => (/^\d+$/.test(x) && /^\d+$/.test(v) ? Number(x) - Number(v) : x < v ? -1 : x > v ? 1 : 0);
        return fc.constantFrom<[string, (c: number) => boolean]>([">", (c) => c > 0], ["greater_than_equal", (c) => c >= 0], ["<", (c) => c < 0], ["less_than_equal", (c) => c <= 0])
          .map(([op, test]) => ({ text: `${subject} ${op} ${v}`, holds: holdsIf((x) => test(compare(x))) }));
      }
    }
  });

const { tree: treeCase } = fc.letrec<{ tree: Case }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafCase,
    fc.tuple(tie("tree"), fc.constantFrom("not(", "!(", "not (", "! (")).map(([c, not]) => ({ text: `${not}${c.text})`, holds: (a: Record<string, string>) => !c.holds(a) })),
    fc.tuple(tie("tree"), tie("tree"), fc.constantFrom("and", "&&")).map(([l, r, op]) => ({ text: `(${l.text}) ${op} (${r.text})`, holds: (a: Record<string, string>) => l.holds(a) && r.holds(a) })),
    fc.tuple(tie("tree"), tie("tree"), fc.constantFrom("or", "||")).map(([l, r, op]) => ({ text: `(${l.text})${op === "||" ? "||" : " or "}(${r.text})`, holds: (a: Record<string, string>) => l.holds(a) || r.holds(a) })),
  ),
}));

/** Unparenthesized `[not] leaf (and|or) [not] leaf ...`, judged as an or of ands of (negated) leaves. */
const chainCase: fc.Arbitrary<Case> = fc.array(fc.tuple(leafCase, fc.boolean(), fc.constantFrom("and", "&&", "or", "||")), { minLength: 1, maxLength: 6 })
  .map((links) => {
    const text = links.map(([leaf, not, op], i) => `${not ? "not " : ""}${leaf.text}${i < links.length - 1 ? ` ${op} ` : ""}`).join("");
    const holds = (attrs: Record<string, string>): boolean => {
      let any = false;
      let all = true;
      for (const [i, [leaf, not, op]] of links.entries()) {
        all &&= leaf.holds(attrs) !== not;
        if (i === links.length - 1 || op === "or" || op === "||") {
          any ||= all;
          all = true;
        }
      }
      return any;
    };
    return { text, holds };
  });

const attributesArb = fc.record({ a: fc.constantFrom(...VALUES), b: fc.constantFrom(...VALUES), c: fc.constantFrom(...VALUES) }, { requiredKeys: [] })
  .map((attrs) => Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined)) as Record<string, string>);

describe("properties", () => {
  it("evaluates random well-formed expressions as an independent judge does, and so does their printed form", () => {
    fc.assert(
      fc.property(fc.oneof(treeCase, chainCase), fc.array(attributesArb, { minLength: 1, maxLength: 4 }), (c, instances) => {
        const parsed = parseExpression(c.text);
        const printed = formatExpression(parsed);
        const reparsed = parseExpression(printed);
        expect(formatExpression(reparsed)).toBe(printed);
        for (const attributes of instances) {
          const on = instance({ attributes });
          expect(evaluate(parsed, on)).toBe(c.holds(attributes));
          expect(evaluate(reparsed, on)).toBe(c.holds(attributes));
          expect(isStatic(parsed)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("throws nothing but CqlError on random text", () => {
    const parseOrCqlError = (text: string): void => {
      try {
        parseExpression(text);
      } catch (error) {
        expect(error).toBeInstanceOf(CqlError);
        const { column } = error as CqlError;
        expect(column).toBeGreaterThanOrEqual(1);
        expect(column).toBeLessThanOrEqual(Math.min(text.length, 2000) + 1);
      }
    };
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), parseOrCqlError), { numRuns: 1000 });
    const pieces = ["attribute:a", "task:group", "agentVersion", "registeredAt", "runningTasksCount", "ec2InstanceId", "agentConnected",
      "==", "!=", ">=", "<", "=~", "!~", "in", "not_in", "exists", "!exists", "and", "or", "not", "&&", "||", "!", "(", ")", "[", "]", ",",
      "'", '"', "x", "1.14.5", "2018-06-18", "3", "t2.*", "a*+", "\\p{L}", "(?i)", "[a-z]", " ", "\\"];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join(" ")), parseOrCqlError), { numRuns: 2000 });
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join("")), parseOrCqlError), { numRuns: 2000 });
  });
});

/** Guards the tests' own reference: the judge and the parser agree on a hand-checked case. */
it("judges a chain by precedence", () => {
  const e: Expression = parseExpression("not attribute:a exists or attribute:b exists and attribute:c exists");
  expect(formatExpression(e)).toBe("not(attribute:a exists) or attribute:b exists and attribute:c exists");
});
