import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-OCVZMIUC.js";
import "./chunk-6AGOQX4U.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
