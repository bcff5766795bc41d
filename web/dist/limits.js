import {
  LIMIT_KEYS,
  checkLoad,
  checkMessage,
  checkRequest,
  clampTo,
  fmtBytes,
  getLimits,
  overLimit,
  range,
  readLimits,
  readSemantics,
  setLimits,
  tooLargeParams,
  utf8Bytes
} from "./chunk-J4M4X52N.js";
export {
  LIMIT_KEYS,
  checkLoad,
  checkMessage,
  checkRequest,
  clampTo,
  fmtBytes,
  getLimits,
  overLimit,
  range,
  readLimits,
  readSemantics,
  setLimits,
  tooLargeParams,
  utf8Bytes
};
