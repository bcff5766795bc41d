import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-XIP2N5FO.js";
import "./chunk-7VBKAIBZ.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
