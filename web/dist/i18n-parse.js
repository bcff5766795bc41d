import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-MT4P3VX3.js";
import "./chunk-ECBG2X5K.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
