/**
 * `Drift<Sdk, Server, Path>`: the differences between a hand-written type of the SDK and the
 * type generated from the server's OpenAPI document, as a union of messages (`never` when there
 * are none). A compile-time check, so a drift fails `tsc` with the message in the error.
 *
 * The two must agree on every field (name, presence, optionality, nullability and type), with
 * one allowance: where the server declares an open object with no fields of its own
 * (`{[key: string]: unknown}`), the SDK may describe it more precisely, as long as what it
 * describes is still such an object. Fields the server adds to `/v1` must be added to the SDK
 * (the check fails until they are); index signatures (`additionalProperties`) are ignored.
 */

/** Whether two types are identical (not merely mutually assignable). */
export type Equal<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/** The named keys of an object type, without its index signatures. */
export type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};

type OptionalKeys<T> = { [K in KnownKeys<T>]-?: {} extends Pick<T, K> ? K : never }[KnownKeys<T>];

type IsOpenObject<T> = [KnownKeys<T>] extends [never]
  ? [T] extends [readonly unknown[]]
    ? false
    : [T] extends [object]
      ? true
      : false
  : false;

/** Every difference between `Sdk` and `Server` at `Path`. */
export type Drift<Sdk, Server, Path extends string> =
  Equal<Sdk, Server> extends true
    ? never
    : [null] extends [Server]
      ? [null] extends [Sdk]
        ? Drift<Exclude<Sdk, null>, Exclude<Server, null>, Path>
        : `${Path}: the server may send null, the SDK's type does not allow it`
      : [null] extends [Sdk]
        ? `${Path}: the SDK's type allows null, the server never sends it`
        : [Server] extends [readonly (infer ServerItem)[]]
          ? [Sdk] extends [readonly (infer SdkItem)[]]
            ? Drift<SdkItem, ServerItem, `${Path}[]`>
            : `${Path}: the server sends an array`
          : IsOpenObject<Server> extends true
            ? [Sdk] extends [Server]
              ? never
              : `${Path}: the server sends an open object the SDK's type does not fit`
            : [Server] extends [object]
              ? [Sdk] extends [object]
                ? FieldDrift<Sdk, Server, Path>
                : `${Path}: the server sends an object`
              : `${Path}: the types differ`;

type FieldDrift<Sdk, Server, Path extends string> =
  | Named<
      Exclude<KnownKeys<Server>, KnownKeys<Sdk>>,
      Path,
      "the server has it, the SDK's type does not"
    >
  | Named<
      Exclude<KnownKeys<Sdk>, KnownKeys<Server>>,
      Path,
      "the SDK's type has it, the server does not"
    >
  | Named<
      Exclude<OptionalKeys<Server>, OptionalKeys<Sdk>>,
      Path,
      "optional on the server, required in the SDK's type"
    >
  | Named<
      Exclude<OptionalKeys<Sdk>, OptionalKeys<Server>>,
      Path,
      "required on the server, optional in the SDK's type"
    >
  | {
      [K in KnownKeys<Server> & KnownKeys<Sdk>]: Drift<
        Exclude<Sdk[K], undefined>,
        Exclude<Server[K], undefined>,
        `${Path}.${K & string}`
      >;
    }[KnownKeys<Server> & KnownKeys<Sdk>];

type Named<Key, Path extends string, Problem extends string> = Key extends string
  ? `${Path}.${Key}: ${Problem}`
  : never;

/** Compiles only when `Problems` is `never`; otherwise the error shows the messages. */
export type NoDrift<Problems extends never> = Problems;
