// The vocabulary of the vendored botocore service model, as the generated tables use it.

export interface MemberRef {
  shape: string;
  idempotencyToken?: boolean;
}

export interface StructureShape {
  type: 'structure';
  members: Record<string, MemberRef>;
  required?: string[];
  exception?: boolean;
  fault?: boolean;
  retryable?: { throttling: boolean };
}

export interface ListShape {
  type: 'list';
  member: MemberRef;
  min?: number;
  max?: number;
}

export interface MapShape {
  type: 'map';
  key: MemberRef;
  value: MemberRef;
  min?: number;
  max?: number;
}

export interface StringShape {
  type: 'string';
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface NumberShape {
  type: 'integer' | 'long';
  min?: number;
  max?: number;
  box?: boolean;
}

export interface BooleanShape {
  type: 'boolean';
  box?: boolean;
}

export interface BlobShape {
  type: 'blob';
  min?: number;
  max?: number;
}

export interface TimestampShape {
  type: 'timestamp';
}

export type Shape = StructureShape | ListShape | MapShape | StringShape | NumberShape | BooleanShape | BlobShape | TimestampShape;

export interface OperationDef {
  name: string;
  input: string;
  output: string;
  errors: string[];
  /** The input member the model marks `idempotencyToken`, if any. */
  idempotencyToken?: string;
}

export interface ServiceMetadata {
  apiVersion: string;
  targetPrefix: string;
  signingName: string;
  jsonVersion: string;
  serviceId: string;
}
