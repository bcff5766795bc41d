import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-JBR4FSAT.js";
import "./chunk-VSZ27Q3J.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
