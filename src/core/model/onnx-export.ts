/**
 * Writes a trained Classifier as an ONNX model (opset 17, IR 8) with protobufjs and an inline copy
 * of the part of onnx.proto it needs (field numbers as in onnx/onnx.proto). The graph:
 *
 *   features [N, D] float32
 *     → Max(0) → Add(offset) → Log → Where(log column, logged, features)   (only with log columns)
 *     → Sub(mean) → Div(scale)                                   (standardisation inside the graph)
 *     → per member: MatMul/Add (→ Relu → MatMul/Add)… → Softmax(axis −1)
 *     → Sum of members → Mul(1/members)  (only for an ensemble)  → probabilities [N, C]
 *
 * Float64 parameters are rounded to float32 here; the bytes depend only on the Classifier, so
 * exporting the same model twice gives identical files.
 */
import protobuf from 'protobufjs';
import type { Classifier } from './network.ts';
import { isIdentity } from './feature-transform.ts';

export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
export const INPUT_NAME = 'features';
export const OUTPUT_NAME = 'probabilities';

const ONNX_SCHEMA = `
syntax = "proto2";
package onnx;
message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; FLOATS = 6; INTS = 7; STRINGS = 8; }
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  repeated float floats = 7;
  repeated int64 ints = 8;
  optional AttributeType type = 20;
}
message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
  optional string domain = 7;
}
message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message TensorProto {
  enum DataType { UNDEFINED = 0; FLOAT = 1; }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}
message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}
message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

const FLOAT = 1;
const BOOL = 9;
const ATTR_INT = 2;

let modelType: protobuf.Type | null = null;
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_SCHEMA, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

interface TensorInit {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorInit {
  const f32 = Float32Array.from(values);
  const bytes = new Uint8Array(f32.length * 4);
  const view = new DataView(bytes.buffer);
  // ONNX raw_data is little-endian regardless of the host.
  f32.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, data_type: FLOAT, raw_data: bytes };
}

function boolTensor(name: string, dims: number[], values: ArrayLike<boolean>): TensorInit {
  return { name, dims, data_type: BOOL, raw_data: Uint8Array.from(Array.from(values), (v) => (v ? 1 : 0)) };
}

interface NodeInit {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute?: { name: string; type: number; i: number }[];
}

function tensorValueInfo(name: string, dims: (number | string)[]): object {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

export interface OnnxExportOptions {
  graphName: string;
  /** Free-form key/value pairs stored as metadata_props (keep them free of dates for reproducible bytes). */
  metadata?: Record<string, string>;
  producerVersion?: string;
}

export function exportClassifierToOnnx(model: Classifier, options: OnnxExportOptions): Uint8Array {
  const d = model.standardizer.mean.length;
  const c = model.labels.length;
  const nodes: NodeInit[] = [];
  const inits: TensorInit[] = [];
  let input = INPUT_NAME;
  const t = model.transform;
  if (!isIdentity(t)) {
    // Every column goes through the log branch (offset 1 where unused, so it stays finite); Where
    // keeps the raw value for the columns that are not transformed. Same math as applyColumnTransform.
    const isLog = new Array<boolean>(d).fill(false);
    const offset = new Float64Array(d).fill(1);
    t.logColumns.forEach((j, k) => {
      if (j < 0 || j >= d) throw new Error(`log column ${j} is outside the ${d} inputs`);
      isLog[j] = true;
      offset[j] = t.offsets[k];
    });
    inits.push(floatTensor('log_floor', [], [0]), floatTensor('log_offset', [d], offset), boolTensor('log_columns', [d], isLog));
    nodes.push({ name: 'log_clamp', op_type: 'Max', input: [INPUT_NAME, 'log_floor'], output: ['log_clamped'] });
    nodes.push({ name: 'log_shift', op_type: 'Add', input: ['log_clamped', 'log_offset'], output: ['log_shifted'] });
    nodes.push({ name: 'log', op_type: 'Log', input: ['log_shifted'], output: ['logged'] });
    nodes.push({ name: 'log_select', op_type: 'Where', input: ['log_columns', 'logged', INPUT_NAME], output: ['transformed'] });
    input = 'transformed';
  }
  inits.push(floatTensor('standardize_mean', [d], model.standardizer.mean), floatTensor('standardize_scale', [d], model.standardizer.scale));
  nodes.push({ name: 'standardize_sub', op_type: 'Sub', input: [input, 'standardize_mean'], output: ['centered'] });
  nodes.push({ name: 'standardize_div', op_type: 'Div', input: ['centered', 'standardize_scale'], output: ['standardized'] });

  const single = model.members.length === 1;
  const memberOutputs: string[] = [];
  model.members.forEach((net, m) => {
    let current = 'standardized';
    net.layers.forEach((layer, k) => {
      if (layer.inputs !== (k === 0 ? d : net.layers[k - 1].outputs)) throw new Error(`layer ${k} of member ${m} has inconsistent shape`);
      const p = `m${m}_l${k}`;
      inits.push(floatTensor(`${p}_W`, [layer.inputs, layer.outputs], layer.weights));
      inits.push(floatTensor(`${p}_b`, [layer.outputs], layer.bias));
      nodes.push({ name: `${p}_matmul`, op_type: 'MatMul', input: [current, `${p}_W`], output: [`${p}_xw`] });
      nodes.push({ name: `${p}_add`, op_type: 'Add', input: [`${p}_xw`, `${p}_b`], output: [`${p}_z`] });
      current = `${p}_z`;
      if (k < net.layers.length - 1) {
        nodes.push({ name: `${p}_relu`, op_type: 'Relu', input: [current], output: [`${p}_a`] });
        current = `${p}_a`;
      }
    });
    const out = single ? OUTPUT_NAME : `m${m}_probabilities`;
    nodes.push({ name: `m${m}_softmax`, op_type: 'Softmax', input: [current], output: [out], attribute: [{ name: 'axis', type: ATTR_INT, i: -1 }] });
    memberOutputs.push(out);
  });
  if (!single) {
    inits.push(floatTensor('ensemble_weight', [], [1 / model.members.length]));
    nodes.push({ name: 'ensemble_sum', op_type: 'Sum', input: memberOutputs, output: ['ensemble_total'] });
    nodes.push({ name: 'ensemble_mean', op_type: 'Mul', input: ['ensemble_total', 'ensemble_weight'], output: [OUTPUT_NAME] });
  }

  const message = {
    ir_version: ONNX_IR_VERSION,
    producer_name: 'genrescope',
    producer_version: options.producerVersion ?? '',
    model_version: 1,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    metadata_props: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: options.graphName,
      node: nodes,
      initializer: inits,
      input: [tensorValueInfo(INPUT_NAME, ['N', d])],
      output: [tensorValueInfo(OUTPUT_NAME, ['N', c])],
    },
  };
  const type = onnxModelType();
  const err = type.verify(message);
  if (err) throw new Error(`ONNX message does not match the schema: ${err}`);
  return type.encode(type.fromObject(message)).finish();
}
