import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-UQ5P2SWH.js";
import "./chunk-DPII2732.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
